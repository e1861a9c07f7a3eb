/**
 * Building responses: JSON bodies with the right status code and the
 * `Warning` headers Kubernetes uses for non-fatal problems.
 */

import type { ApiError } from "../machinery/status.js";

const JSON_TYPE = "application/json";

function warningHeaders(warnings: readonly string[]): [string, string][] {
  // RFC 7234 warn-code 299 with an empty agent, as kube-apiserver sends them.
  return warnings.map((text) => ["Warning", `299 - ${JSON.stringify(text)}`]);
}

export function jsonTextResponse(status: number, text: string, warnings: readonly string[] = []): Response {
  const headers = new Headers([["Content-Type", JSON_TYPE], ...warningHeaders(warnings)]);
  return new Response(text, { status, headers });
}

export function jsonResponse(status: number, value: unknown, warnings: readonly string[] = []): Response {
  return jsonTextResponse(status, JSON.stringify(value), warnings);
}

/**
 * A failure as its Status object. A Status that says when to retry also says
 * it in `Retry-After`, as kube-apiserver does: client-go retries a 429 or 5xx
 * by that header, not by the body.
 */
export function statusResponse(error: ApiError): Response {
  const response = jsonResponse(error.code, error.status);
  const retryAfter = error.status.details?.retryAfterSeconds;
  if (retryAfter !== undefined && retryAfter > 0) response.headers.set("Retry-After", String(retryAfter));
  return response;
}
