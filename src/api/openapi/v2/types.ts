/**
 * The parts of a Swagger 2.0 document mini serves at `/openapi/v2`, the
 * shape kubectl 1.27 and 1.28 download (as gnostic protobuf) before every
 * `apply -f`, `create -f` and `explain`. Kubernetes' extensions ride along
 * as `x-` keys, as in upstream's swagger.json.
 */
import type { Schema } from "../../../apis/types.js";
import type { GroupVersionKind } from "../../discovery/index.js";
import type { Action } from "../index.js";

/**
 * A kind's Schema in 2.0 form: references point into `#/definitions/`,
 * int-or-string is `type: string` (Swagger 2.0 has no untyped unions) and
 * `nullable`, a 3.0 keyword, is gone.
 */
export type SwaggerSchema = Omit<
  Schema,
  "properties" | "items" | "additionalProperties" | "nullable" | "x-kubernetes-int-or-string"
> & {
  readonly properties?: Readonly<Record<string, SwaggerSchema>>;
  readonly items?: SwaggerSchema;
  readonly additionalProperties?: SwaggerSchema | boolean;
  readonly allOf?: readonly SwaggerSchema[];
  readonly $ref?: string;
  readonly "x-kubernetes-group-version-kind"?: readonly GroupVersionKind[];
};

/** A path or query parameter: 2.0 states its type directly instead of in a schema. */
export interface NonBodyParameter {
  readonly name: string;
  readonly in: "path" | "query";
  readonly description: string;
  readonly required?: true;
  readonly type: "string" | "integer" | "boolean";
}

/** 2.0 has no requestBody: the body is a parameter of its own. */
export interface BodyParameter {
  readonly name: "body";
  readonly in: "body";
  readonly required?: true;
  readonly schema: SwaggerSchema;
}

export type SwaggerParameter = NonBodyParameter | BodyParameter;

export interface SwaggerResponse {
  readonly description: string;
  readonly schema?: SwaggerSchema;
}

export interface SwaggerOperation {
  readonly description: string;
  readonly operationId: string;
  readonly tags: readonly string[];
  /** The request's media types; kubectl reads the PATCH types from here. */
  readonly consumes: readonly string[];
  readonly produces: readonly string[];
  readonly schemes: readonly string[];
  readonly parameters?: readonly SwaggerParameter[];
  readonly responses: Readonly<Record<string, SwaggerResponse>>;
  readonly "x-kubernetes-action"?: Action;
  readonly "x-kubernetes-group-version-kind"?: GroupVersionKind;
}

/** The methods of a path item, in the order gnostic numbers them. */
export const SWAGGER_METHODS = ["get", "put", "post", "delete", "patch"] as const;
export type SwaggerMethod = (typeof SWAGGER_METHODS)[number];

export type SwaggerPathItem = { readonly parameters?: readonly NonBodyParameter[] } & {
  readonly [M in SwaggerMethod]?: SwaggerOperation;
};

export interface SwaggerDocument {
  readonly swagger: "2.0";
  readonly info: { readonly title: string; readonly version: string };
  readonly paths: Readonly<Record<string, SwaggerPathItem>>;
  readonly definitions: Readonly<Record<string, SwaggerSchema>>;
}
