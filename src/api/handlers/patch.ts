/**
 * PATCH: JSON patch, merge patch, strategic merge patch and server-side
 * apply, applied to the current object inside the store's compare-and-swap
 * loop, so a patch never overwrites a concurrent write it did not see.
 * An apply to an object that does not exist creates it, as upstream does.
 */
import type { KubeObject, Schema } from "../../apis/types.js";
import { applyJsonPatch } from "../../machinery/json-patch.js";
import { applyMergePatch, isJsonMap } from "../../machinery/merge-patch.js";
import { applyStrategicMergePatch } from "../../machinery/strategic-merge-patch.js";
import { applyManagedObject, writeManager, type ApplyRequest } from "../../machinery/managed-fields/index.js";
import { forbidden, invalid, type FieldError } from "../../machinery/field-errors.js";
import { ApiError, badRequest, invalidObject, isApiError } from "../../machinery/status.js";
import { timestamp, type WriteOptions, type WriteOutcome } from "../registry/index.js";
import { bodyFormat, negotiateRendering, parseDocument, type BodyFormat } from "../negotiation.js";
import { requestText } from "./body.js";
import { writeOptions, type ResourceContext } from "./context.js";
import { renderObject } from "./render.js";

export type PatchFunction = (current: unknown) => unknown;

/** Parses the patch once and returns the function that applies it to a document. */
export function patchFunction(format: BodyFormat, text: string, schema: Schema | undefined): PatchFunction {
  const patch = parseDocument(text, format);
  const unwrap = (result: { ok: true; value: unknown } | { ok: false; error: string }): unknown => {
    if (!result.ok) throw new ApiError("Invalid", result.error);
    return result.value;
  };
  switch (format) {
    case "json-patch":
      if (!Array.isArray(patch)) throw badRequest("a JSON patch must be a list of operations");
      return (current) => unwrap(applyJsonPatch(current, patch));
    case "merge-patch":
      return (current) => unwrap(applyMergePatch(current, patch));
    case "strategic-merge-patch":
      if (typeof patch !== "object" || patch === null || Array.isArray(patch)) throw badRequest("a strategic merge patch must be a JSON object");
      return (current) => unwrap(applyStrategicMergePatch(current, patch, schema));
    default:
      throw new ApiError("UnsupportedMediaType", `the server cannot apply patches of type ${format} yet`);
  }
}

/**
 * A patch is conditional only if it sets a resourceVersion of its own; the
 * one it inherited from the current object is dropped, so that a lost race
 * is retried instead of answered with 409.
 */
export function unconditional(patched: KubeObject, current: KubeObject): KubeObject {
  if (patched.metadata?.resourceVersion === current.metadata.resourceVersion) delete patched.metadata.resourceVersion;
  return patched;
}

const PATCH_FORMATS: readonly BodyFormat[] = ["json-patch", "merge-patch", "strategic-merge-patch", "apply-patch"];

function patchFormat(context: ResourceContext): BodyFormat {
  return bodyFormat(context.request.headers.get("content-type") ?? undefined, PATCH_FORMATS);
}

/** The patch of a subresource without server-side apply (scale). */
export async function readPatch(context: ResourceContext, schema: Schema | undefined): Promise<PatchFunction> {
  const format = patchFormat(context);
  if (format === "apply-patch") {
    throw new ApiError("UnsupportedMediaType", `server-side apply (application/apply-patch+yaml) is not supported on ${context.info.resource}/${context.info.subresource ?? ""}`);
  }
  return patchFunction(format, await requestText(context.request), schema);
}

/** `force` as PatchOptions takes it: only for apply, and only true or false. */
function forceOption(query: URLSearchParams, format: BodyFormat): boolean {
  const value = query.get("force");
  if (value === null) return false;
  if (format !== "apply-patch") throw patchOptionsError(forbidden("force", "may not be specified for non-apply patch"));
  if (value !== "true" && value !== "false") throw patchOptionsError(invalid("force", value, "must be true or false"));
  return value === "true";
}

function patchOptionsError(error: FieldError): ApiError {
  return invalidObject({ group: "meta.k8s.io", plural: "", kind: "PatchOptions" }, "", [error]);
}

export async function patchObject(context: ResourceContext): Promise<Response> {
  const { info, store, query } = context;
  const rendering = negotiateRendering(context.request.headers.get("accept") ?? undefined);
  const format = patchFormat(context);
  const force = forceOption(query, format);
  const fieldManager = writeManager(query, context.request.headers.get("user-agent") ?? undefined, { verb: "PatchOptions", apply: format === "apply-patch" });
  const subresource = info.subresource === "status" ? ("status" as const) : undefined;
  const options = { ...writeOptions(query), fieldManager, ...(subresource ? { subresource } : {}) };
  const text = await requestText(context.request);
  if (format === "apply-patch") {
    const request: ApplyRequest = { kind: store.kind, apiVersion: store.apiVersion, manager: fieldManager, subresource: subresource ?? "", now: timestamp(), force };
    const { outcome, created } = await applyPatch(context, applyConfiguration(context, text), request, { ...options, applied: true });
    return renderObject(store, outcome, rendering, query, created ? 201 : 200, outcome.warnings);
  }
  const apply = patchFunction(format, text, store.kind.schema);
  const outcome = await store.guaranteedUpdate(
    info.namespace,
    info.name,
    (current) => {
      const patched = apply(current);
      if (typeof patched !== "object" || patched === null || Array.isArray(patched)) throw badRequest("the patch did not produce an object");
      return unconditional(patched as KubeObject, current);
    },
    options,
  );
  return renderObject(store, outcome, rendering, query, 200, outcome.warnings);
}

/** The applied configuration: a YAML or JSON object of the URL's kind and version, naming the URL's object. */
function applyConfiguration(context: ResourceContext, text: string): KubeObject {
  const { store, info } = context;
  const config = parseConfiguration(text);
  if (!isJsonMap(config)) throw badRequest("the apply configuration must be an object");
  if (config.apiVersion !== store.apiVersion) {
    throw badRequest(`Incorrect version specified in apply patch. Specified patch version: ${typeof config.apiVersion === "string" ? config.apiVersion : ""}, expected: ${store.apiVersion}`);
  }
  if (config.kind !== store.kind.kind) {
    throw badRequest(`the kind in the apply patch (${typeof config.kind === "string" ? config.kind : ""}) does not match the expected kind (${store.kind.kind})`);
  }
  const metadata = config.metadata ?? {};
  if (!isJsonMap(metadata)) throw badRequest("metadata must be an object");
  if (metadata.name !== undefined && metadata.name !== info.name) {
    throw badRequest(`the name of the object (${String(metadata.name)}) does not match the name on the URL (${info.name})`);
  }
  if (store.kind.namespaced && metadata.namespace !== undefined && metadata.namespace !== info.namespace) {
    throw badRequest("the namespace of the provided object does not match the namespace sent on the request");
  }
  return { ...config, metadata: { ...metadata, name: info.name } } as KubeObject;
}

/**
 * The body is YAML, which JSON is a subset of; kubectl sends JSON, and
 * JSON.parse reads it a hundred times faster than the YAML parser.
 */
function parseConfiguration(text: string): unknown {
  if (text.trimStart().startsWith("{")) {
    try {
      return JSON.parse(text) as unknown;
    } catch (error: unknown) {
      if (!(error instanceof SyntaxError)) throw error;
      // YAML flow mappings also start with "{": let the YAML parser read it or say what is wrong.
    }
  }
  return parseDocument(text, "apply-patch");
}

/** Applies to the current object, or creates it from the configuration when there is none. */
async function applyPatch(
  context: ResourceContext,
  config: KubeObject,
  request: ApplyRequest,
  options: WriteOptions & { readonly subresource?: "status" },
): Promise<{ outcome: WriteOutcome; created: boolean }> {
  const { store, info } = context;
  try {
    const outcome = await store.guaranteedUpdate(info.namespace, info.name, (current) => unconditional(applyManagedObject(current, config, request), current), options);
    return { outcome, created: false };
  } catch (error: unknown) {
    if (!isApiError(error, 404) || request.subresource !== "") throw error;
  }
  const outcome = await store.create(info.namespace, applyManagedObject(undefined, config, request), options);
  return { outcome, created: true };
}
