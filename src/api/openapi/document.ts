/**
 * The OpenAPI v3 document of one group-version (`/openapi/v3/apis/apps/v1`):
 * the paths of every resource it serves and the schemas they refer to.
 */
import type { KindDefinition } from "../../apis/types.js";
import { kindsAt } from "../discovery/index.js";
import { componentSchemas } from "./components.js";
import { resourcePaths } from "./paths.js";
import type { OpenApiDocument } from "./types.js";

/** Undefined when no kind is served at that group-version (a 404). */
export function openApiV3Document(kinds: readonly KindDefinition[], group: string, version: string): OpenApiDocument | undefined {
  const served = kindsAt(kinds, group, version);
  if (served.length === 0) return undefined;
  return {
    openapi: "3.0.0",
    info: { title: "Kubernetes", version: "unversioned" },
    paths: Object.fromEntries(served.flatMap((kind) => Object.entries(resourcePaths(kind)))),
    components: { schemas: componentSchemas(served, group, version) },
  };
}
