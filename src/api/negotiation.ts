/**
 * Content negotiation: what a client sent (bounded body size, media types
 * we decode) and what it wants back (a plain object, a Table, or partial
 * metadata), following the Accept parameters kubectl sends
 * (`application/json;as=Table;v=v1;g=meta.k8s.io`).
 */
import { parse as parseYaml } from "yaml";
import { ApiError, badRequest } from "../machinery/status.js";

/** Upstream's limit for a request body. */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;

export type Rendering =
  | { readonly as: "object" }
  | { readonly as: "Table"; readonly version: "v1" | "v1beta1" }
  | { readonly as: "PartialObjectMetadata"; readonly version: "v1" | "v1beta1" };

interface MediaRange {
  readonly type: string;
  readonly params: Readonly<Record<string, string>>;
}

function parseAccept(header: string): MediaRange[] {
  return header
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const [type = "", ...rest] = part.split(";").map((p) => p.trim());
      const params: Record<string, string> = {};
      for (const p of rest) {
        const eq = p.indexOf("=");
        if (eq > 0) params[p.slice(0, eq).trim()] = p.slice(eq + 1).trim();
      }
      return { type: type.toLowerCase(), params };
    });
}

const JSON_LIKE = new Set(["application/json", "application/*", "*/*", "application/yaml", "application/vnd.kubernetes.protobuf"]);

/** Picks the first acceptable rendering in the client's order of preference. */
export function negotiateRendering(accept: string | undefined): Rendering {
  if (!accept) return { as: "object" };
  for (const range of parseAccept(accept)) {
    if (!JSON_LIKE.has(range.type)) continue;
    const as = range.params.as;
    if (!as) return { as: "object" };
    if (range.params.g !== "meta.k8s.io") continue;
    const version = range.params.v;
    if (version !== "v1" && version !== "v1beta1") continue;
    if (as === "Table") return { as: "Table", version };
    if (as === "PartialObjectMetadata" || as === "PartialObjectMetadataList") return { as: "PartialObjectMetadata", version };
  }
  throw new ApiError("NotAcceptable", `only the following media types are accepted: application/json, application/yaml, application/json;as=Table;v=v1;g=meta.k8s.io`);
}

export type BodyFormat = "json" | "yaml" | "protobuf" | "json-patch" | "merge-patch" | "strategic-merge-patch" | "apply-patch";

const MEDIA_TYPES: Readonly<Record<string, BodyFormat>> = {
  "application/json": "json",
  "application/yaml": "yaml",
  "application/vnd.kubernetes.protobuf": "protobuf",
  "application/json-patch+json": "json-patch",
  "application/merge-patch+json": "merge-patch",
  "application/strategic-merge-patch+json": "strategic-merge-patch",
  "application/apply-patch+yaml": "apply-patch",
};

export function bodyFormat(contentType: string | undefined, allowed: readonly BodyFormat[]): BodyFormat {
  const mediaType = (contentType ?? "application/json").split(";")[0]?.trim().toLowerCase() ?? "";
  const format = MEDIA_TYPES[mediaType];
  if (!format || !allowed.includes(format)) {
    const supported = Object.entries(MEDIA_TYPES)
      .filter(([, f]) => allowed.includes(f))
      .map(([t]) => `"${t}"`)
      .join(", ");
    throw new ApiError("UnsupportedMediaType", `the body of the request was in an unknown format - accepted media types include: ${supported}`);
  }
  return format;
}

/** Reads the request body as bytes (protobuf bodies are binary), refusing more than MAX_BODY_BYTES with a 413. */
export async function readBodyBytes(request: Request): Promise<Buffer> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

function tooLarge(): ApiError {
  return new ApiError("RequestEntityTooLarge", "Request entity too large: limit is 3145728");
}

/** Parses a JSON or YAML document into a value; syntax errors become a 400 naming the problem. */
export function parseDocument(text: string, format: BodyFormat): unknown {
  if (text.trim() === "") throw badRequest("the request body is empty");
  try {
    if (format === "yaml" || format === "apply-patch") return parseYaml(text) as unknown;
    return JSON.parse(text) as unknown;
  } catch (error: unknown) {
    const detail = error instanceof Error ? error.message : String(error);
    throw badRequest(`the request body could not be decoded: ${detail}`);
  }
}

export function parseObjectBody(text: string, format: BodyFormat): Record<string, unknown> {
  const value = parseDocument(text, format);
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw badRequest("the request body must be a JSON object");
  }
  return value as Record<string, unknown>;
}
