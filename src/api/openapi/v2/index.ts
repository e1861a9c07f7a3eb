/**
 * The Swagger 2.0 document of `/openapi/v2`, converted from the OpenAPI v3
 * documents, as JSON or as gnostic protobuf. kubectl 1.27 and 1.28 need it
 * for `apply -f`, `create -f` (client-side validation) and `explain`.
 */
export { openApiV2Document } from "./document.js";
export { encodeOpenApiV2 } from "./encode.js";
export { OPENAPI_V2_PROTOBUF, openApiV2ContentType, serveOpenApiV2 } from "./serve.js";
export type { ServedOpenApiV2 } from "./serve.js";
export type * from "./types.js";
