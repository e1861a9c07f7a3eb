/**
 * `GET /openapi/v2`: the Swagger 2.0 document as gnostic protobuf when the
 * client asks for it (kubectl always does), else as JSON. Pure: the HTTP
 * layer caches each form per set of kinds, keyed by `openApiV2ContentType`.
 */
import type { KindDefinition } from "../../../apis/types.js";
import { openApiV2Document } from "./document.js";
import { encodeOpenApiV2 } from "./encode.js";

/**
 * The protobuf media type as answered. Clients ask for it under an older
 * name with `@` (`…spec.v2@v1.0+protobuf`), but `@` may not appear in a
 * media type: answered verbatim, client-go's mime parser rejects the
 * response (kubectl 1.27: `mime: unexpected content after media subtype`).
 * Upstream answers both names with this one.
 */
export const OPENAPI_V2_PROTOBUF = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";
const PROTOBUF_REQUESTED = new Set([OPENAPI_V2_PROTOBUF, "application/com.github.proto-openapi.spec.v2@v1.0+protobuf"]);
const JSON_TYPE = "application/json";

export interface ServedOpenApiV2 {
  readonly contentType: typeof OPENAPI_V2_PROTOBUF | typeof JSON_TYPE;
  readonly body: Uint8Array | string;
}

/** Protobuf if a media range of the Accept header names it (either name) without `q=0`; JSON otherwise. */
export function openApiV2ContentType(accept: string | undefined): ServedOpenApiV2["contentType"] {
  const wanted = (accept ?? "").split(",").some((range) => {
    const [type = "", ...parameters] = range.split(";").map((part) => part.trim().toLowerCase());
    return PROTOBUF_REQUESTED.has(type) && !parameters.some((parameter) => /^q=0(\.0*)?$/.test(parameter));
  });
  return wanted ? OPENAPI_V2_PROTOBUF : JSON_TYPE;
}

export function serveOpenApiV2(kinds: readonly KindDefinition[], accept: string | undefined): ServedOpenApiV2 {
  const document = openApiV2Document(kinds);
  return openApiV2ContentType(accept) === OPENAPI_V2_PROTOBUF
    ? { contentType: OPENAPI_V2_PROTOBUF, body: encodeOpenApiV2(document) }
    : { contentType: JSON_TYPE, body: JSON.stringify(document) };
}
