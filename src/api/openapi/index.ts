/**
 * The OpenAPI v3 documents built from the served kinds: the `/openapi/v3`
 * root and one document per group-version, with the schemas and operation
 * extensions kubectl explain and kubectl's field validation rely on. Pure
 * functions; the HTTP layer caches their results until the set of kinds changes.
 */
export { openApiV3Document } from "./document.js";
export { openApiV3Documents, openApiV3Root } from "./root.js";
export type { HashedDocument } from "./root.js";
export type * from "./types.js";
