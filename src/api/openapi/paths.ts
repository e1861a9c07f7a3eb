/**
 * The REST paths of one kind with their operations: collection and item
 * paths (namespaced kinds also get the all-namespaces list), plus status and
 * scale. Every operation carries `x-kubernetes-action` and
 * `x-kubernetes-group-version-kind`, which is how kubectl explain maps a
 * resource to its schema and how kubectl decides that the server validates
 * fields itself (the PATCH operation must list `fieldValidation`).
 */
import type { KindDefinition } from "../../apis/types.js";
import type { GroupVersionKind } from "../discovery/index.js";
import { SCALE_GVK, gvkOf } from "../discovery/index.js";
import { DELETE_OPTIONS, PATCH, SCALE, STATUS } from "./meta-schemas.js";
import { operationPrefix, operationTag, ref, schemaName } from "./names.js";
import {
  DELETE_COLLECTION_PARAMETERS,
  DELETE_PARAMETERS,
  LIST_PARAMETERS,
  PATCH_PARAMETERS,
  WRITE_PARAMETERS,
  nameParameter,
  namespaceParameter,
  prettyParameter,
} from "./parameters.js";
import type { Action, Operation, PathItem, RequestBody, Response } from "./types.js";

/** What objects are answered as; mirrors upstream (which adds CBOR, which mini does not speak). */
const MEDIA_TYPES = ["application/json", "application/yaml", "application/vnd.kubernetes.protobuf"] as const;
const WATCH_MEDIA_TYPES = [
  ...MEDIA_TYPES,
  "application/json;stream=watch",
  "application/vnd.kubernetes.protobuf;stream=watch",
] as const;
const PATCH_MEDIA_TYPES = [
  "application/apply-patch+yaml",
  "application/json-patch+json",
  "application/merge-patch+json",
  "application/strategic-merge-patch+json",
] as const;

const UNAUTHORIZED: Response = { description: "Unauthorized" };
const RESPONSE_TEXT = { 200: "OK", 201: "Created", 202: "Accepted" } as const;

function body(schemaName: string, mediaTypes: readonly string[]): RequestBody["content"] {
  return Object.fromEntries(mediaTypes.map((type) => [type, { schema: ref(schemaName) }]));
}

function responses(
  schemaName: string,
  codes: readonly (keyof typeof RESPONSE_TEXT)[],
  mediaTypes: readonly string[] = MEDIA_TYPES,
): Record<string, Response> {
  const answers: Record<string, Response> = {};
  for (const code of codes) answers[code] = { description: RESPONSE_TEXT[code], content: body(schemaName, mediaTypes) };
  answers["401"] = UNAUTHORIZED;
  return answers;
}

const requestOf = (schemaName: string): RequestBody => ({ content: body(schemaName, ["*/*"]), required: true });
const PATCH_BODY: RequestBody = { content: body(PATCH, PATCH_MEDIA_TYPES), required: true };
const DELETE_BODY: RequestBody = { content: body(DELETE_OPTIONS, ["*/*"]) };

/** What each operation states itself; the tag and extensions are filled in alike for all. */
type OperationFields = Omit<Operation, "tags" | "x-kubernetes-action" | "x-kubernetes-group-version-kind">;

/** The operations of one item path: the object itself, or one of its subresources. */
interface ItemTarget {
  /** "" for the object itself, else `Status` or `Scale` as it appears in operation ids. */
  readonly suffix: string;
  /** "" for the object itself, else `status of ` or `scale of `. */
  readonly what: string;
  readonly schema: string;
  readonly gvk: GroupVersionKind;
}

export function resourcePaths(kind: KindDefinition): Record<string, PathItem> {
  const gvk = gvkOf(kind);
  const root = kind.group === "" ? `/api/${kind.version}` : `/apis/${kind.group}/${kind.version}`;
  const collection = kind.namespaced ? `${root}/namespaces/{namespace}/${kind.plural}` : `${root}/${kind.plural}`;
  const item = `${collection}/{name}`;
  const scope = kind.namespaced ? "Namespaced" : "";
  const id = (verb: string, middle = "", suffix = ""): string =>
    `${verb}${operationPrefix(kind.group, kind.version)}${middle}${scope}${kind.kind}${suffix}`;
  const operation = (action: Action, fields: OperationFields, target = gvk): Operation => ({
    ...fields,
    tags: [operationTag(kind.group, kind.version)],
    "x-kubernetes-action": action,
    "x-kubernetes-group-version-kind": target,
  });
  const kindSchema = schemaName(gvk);
  const listSchema = schemaName({ ...gvk, kind: kind.listKind });
  const scopeParameters = kind.namespaced ? [namespaceParameter] : [];

  const itemPath = ({ suffix, what, schema, gvk: target }: ItemTarget): PathItem => ({
    parameters: [nameParameter(kind.kind), ...scopeParameters, prettyParameter],
    get: operation("get", {
      description: `read ${what}the specified ${kind.kind}`,
      operationId: id("read", "", suffix),
      responses: responses(schema, [200]),
    }, target),
    put: operation("put", {
      description: `replace ${what}the specified ${kind.kind}`,
      operationId: id("replace", "", suffix),
      parameters: WRITE_PARAMETERS,
      requestBody: requestOf(schema),
      responses: responses(schema, [200, 201]),
    }, target),
    patch: operation("patch", {
      description: `partially update ${what}the specified ${kind.kind}`,
      operationId: id("patch", "", suffix),
      parameters: PATCH_PARAMETERS,
      requestBody: PATCH_BODY,
      responses: responses(schema, [200, 201]),
    }, target),
  });

  const paths: Record<string, PathItem> = {};
  if (kind.namespaced) {
    paths[`${root}/${kind.plural}`] = {
      parameters: [prettyParameter],
      get: operation("list", {
        description: `list ${kind.kind} objects in all namespaces`,
        operationId: `list${operationPrefix(kind.group, kind.version)}${kind.kind}ForAllNamespaces`,
        parameters: LIST_PARAMETERS,
        responses: responses(listSchema, [200], WATCH_MEDIA_TYPES),
      }),
    };
  }
  paths[collection] = {
    parameters: [...scopeParameters, prettyParameter],
    get: operation("list", {
      description: `list ${kind.kind} objects`,
      operationId: id("list"),
      parameters: LIST_PARAMETERS,
      responses: responses(listSchema, [200], WATCH_MEDIA_TYPES),
    }),
    post: operation("post", {
      description: `create a ${kind.kind}`,
      operationId: id("create"),
      parameters: WRITE_PARAMETERS,
      requestBody: requestOf(kindSchema),
      responses: responses(kindSchema, [200, 201, 202]),
    }),
    delete: operation("deletecollection", {
      description: `delete a collection of ${kind.kind} objects`,
      operationId: id("delete", "Collection"),
      parameters: DELETE_COLLECTION_PARAMETERS,
      requestBody: DELETE_BODY,
      responses: responses(STATUS, [200]),
    }),
  };
  paths[item] = {
    ...itemPath({ suffix: "", what: "", schema: kindSchema, gvk }),
    delete: operation("delete", {
      description: `delete a ${kind.kind}`,
      operationId: id("delete"),
      parameters: DELETE_PARAMETERS,
      requestBody: DELETE_BODY,
      responses: responses(STATUS, [200, 202]),
    }),
  };
  if (kind.subresources.scale) {
    paths[`${item}/scale`] = itemPath({ suffix: "Scale", what: "scale of ", schema: SCALE, gvk: SCALE_GVK });
  }
  if (kind.subresources.status) {
    paths[`${item}/status`] = itemPath({ suffix: "Status", what: "status of ", schema: kindSchema, gvk });
  }
  return paths;
}
