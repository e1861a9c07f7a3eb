/**
 * Kubernetes Status objects and the error that carries one.
 *
 * Every failure the API answers with is an `ApiError`: it holds the Status
 * body and its HTTP code, and the server's error handler renders it as is.
 * The message wording copies upstream's exactly, because users and scripts
 * match on it (`deployments.apps "x" not found`).
 */
import type { FieldError } from "./field-errors.js";

export const STATUS_REASONS = {
  BadRequest: 400,
  Unauthorized: 401,
  Forbidden: 403,
  NotFound: 404,
  MethodNotAllowed: 405,
  NotAcceptable: 406,
  AlreadyExists: 409,
  Conflict: 409,
  Gone: 410,
  Expired: 410,
  RequestEntityTooLarge: 413,
  UnsupportedMediaType: 415,
  Invalid: 422,
  TooManyRequests: 429,
  InternalError: 500,
  ServiceUnavailable: 503,
  Timeout: 504,
} as const;

export type StatusReason = keyof typeof STATUS_REASONS;
export type StatusCode = (typeof STATUS_REASONS)[StatusReason];

export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export interface Status {
  kind: "Status";
  apiVersion: "v1";
  metadata: Record<string, never>;
  status: "Success" | "Failure";
  message?: string;
  reason?: StatusReason;
  details?: StatusDetails;
  code: number;
}

export class ApiError extends Error {
  override readonly name = "ApiError";
  readonly status: Status;
  constructor(reason: StatusReason, message: string, details?: StatusDetails) {
    super(message);
    this.status = {
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message,
      reason,
      ...(details ? { details } : {}),
      code: STATUS_REASONS[reason],
    };
  }
  get code(): number {
    return this.status.code;
  }
}

/** Whether `error` is an ApiError with this HTTP code (e.g. 404 for "already gone"). */
export function isApiError(error: unknown, code: number): boolean {
  return error instanceof ApiError && error.code === code;
}

/** Identifies a resource in messages: `deployments.apps` or `pods` for the core group. */
export interface ResourceRef {
  readonly group: string;
  readonly plural: string;
  readonly kind: string;
}

function qualified(ref: ResourceRef): string {
  return ref.group ? `${ref.plural}.${ref.group}` : ref.plural;
}

export function notFound(ref: ResourceRef, name: string): ApiError {
  return new ApiError("NotFound", `${qualified(ref)} "${name}" not found`, {
    name,
    ...(ref.group ? { group: ref.group } : {}),
    kind: ref.plural,
  });
}

export function alreadyExists(ref: ResourceRef, name: string): ApiError {
  return new ApiError("AlreadyExists", `${qualified(ref)} "${name}" already exists`, {
    name,
    ...(ref.group ? { group: ref.group } : {}),
    kind: ref.plural,
  });
}

export function conflict(ref: ResourceRef, name: string, detail: string): ApiError {
  return new ApiError("Conflict", `Operation cannot be fulfilled on ${qualified(ref)} "${name}": ${detail}`, {
    name,
    ...(ref.group ? { group: ref.group } : {}),
    kind: ref.plural,
  });
}

/** 422: `Deployment.apps "bad" is invalid: spec.replicas: Invalid value: …`. */
export function invalidObject(ref: ResourceRef, name: string, errors: readonly FieldError[]): ApiError {
  const qualifiedKind = ref.group ? `${ref.kind}.${ref.group}` : ref.kind;
  const summary = errors.map((e) => `${e.field}: ${e.message}`);
  const joined = summary.length === 1 ? summary[0] : `[${summary.join(", ")}]`;
  return new ApiError("Invalid", `${qualifiedKind} "${name}" is invalid: ${joined}`, {
    name,
    ...(ref.group ? { group: ref.group } : {}),
    kind: ref.kind,
    causes: errors.map((e) => ({ reason: e.reason, message: e.message, field: e.field })),
  });
}

export function badRequest(message: string): ApiError {
  return new ApiError("BadRequest", message);
}

export function successStatus(details?: StatusDetails): Status {
  return { kind: "Status", apiVersion: "v1", metadata: {}, status: "Success", ...(details ? { details } : {}), code: 200 };
}
