/**
 * The parts of an OpenAPI 3.0 document mini serves at `/openapi/v3/...`,
 * with the Kubernetes extensions kubectl reads: `x-kubernetes-group-version-kind`
 * on component schemas (a list) and on operations (a single object), and
 * `x-kubernetes-action` on operations.
 */
import type { Schema } from "../../apis/types.js";
import type { GroupVersionKind } from "../discovery/index.js";

/** A kind's Schema, plus what a served document adds: references and the GVK extension. */
export type OpenApiSchema = Omit<Schema, "properties" | "items" | "additionalProperties"> & {
  readonly properties?: Readonly<Record<string, OpenApiSchema>>;
  readonly items?: OpenApiSchema;
  readonly additionalProperties?: OpenApiSchema | boolean;
  readonly allOf?: readonly OpenApiSchema[];
  readonly $ref?: string;
  readonly "x-kubernetes-group-version-kind"?: readonly GroupVersionKind[];
};

export interface Parameter {
  readonly name: string;
  readonly in: "path" | "query";
  readonly description: string;
  readonly required?: true;
  readonly schema: { readonly type: "string" | "integer" | "boolean" };
}

export interface MediaType {
  readonly schema: OpenApiSchema;
}

export interface RequestBody {
  readonly content: Readonly<Record<string, MediaType>>;
  readonly required?: true;
}

export interface Response {
  readonly description: string;
  readonly content?: Readonly<Record<string, MediaType>>;
}

/** Upstream's request verbs as `x-kubernetes-action` names them (`post` is create). */
export type Action = "get" | "list" | "post" | "put" | "patch" | "delete" | "deletecollection";

export interface Operation {
  readonly description: string;
  readonly operationId: string;
  readonly tags: readonly string[];
  readonly parameters?: readonly Parameter[];
  readonly requestBody?: RequestBody;
  readonly responses: Readonly<Record<string, Response>>;
  /** Absent on the discovery documents' operations, as upstream. */
  readonly "x-kubernetes-action"?: Action;
  readonly "x-kubernetes-group-version-kind"?: GroupVersionKind;
}

export type Method = "get" | "put" | "post" | "delete" | "patch";

export type PathItem = { readonly parameters?: readonly Parameter[] } & { readonly [M in Method]?: Operation };

export interface OpenApiDocument {
  readonly openapi: "3.0.0";
  readonly info: { readonly title: string; readonly version: string };
  readonly paths: Readonly<Record<string, PathItem>>;
  readonly components: { readonly schemas: Readonly<Record<string, OpenApiSchema>> };
}

/** `/openapi/v3`: where each document is, its URL carrying a hash of its content. */
export interface OpenApiV3Root {
  readonly paths: Readonly<Record<string, { readonly serverRelativeURL: string }>>;
}
