/**
 * PATCH: JSON patch, merge patch and strategic merge patch, applied to the
 * current object inside the store's compare-and-swap loop, so a patch
 * never overwrites a concurrent write it did not see.
 */
import type { KubeObject, Schema } from "../../apis/types.js";
import { applyJsonPatch } from "../../machinery/json-patch.js";
import { applyMergePatch } from "../../machinery/merge-patch.js";
import { applyStrategicMergePatch } from "../../machinery/strategic-merge-patch.js";
import { ApiError, badRequest } from "../../machinery/status.js";
import { bodyFormat, negotiateRendering, parseDocument, readBody, type BodyFormat } from "../negotiation.js";
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

export async function readPatch(context: ResourceContext, schema: Schema | undefined): Promise<PatchFunction> {
  const format = bodyFormat(context.request.headers.get("content-type") ?? undefined, PATCH_FORMATS);
  if (format === "apply-patch") {
    throw new ApiError("UnsupportedMediaType", "server-side apply (application/apply-patch+yaml) is not supported yet; use client-side kubectl apply");
  }
  return patchFunction(format, await readBody(context.request), schema);
}

export async function patchObject(context: ResourceContext): Promise<Response> {
  const { info, store } = context;
  const rendering = negotiateRendering(context.request.headers.get("accept") ?? undefined);
  const apply = await readPatch(context, store.kind.schema);
  const outcome = await store.guaranteedUpdate(
    info.namespace,
    info.name,
    (current) => {
      const patched = apply(current);
      if (typeof patched !== "object" || patched === null || Array.isArray(patched)) throw badRequest("the patch did not produce an object");
      return unconditional(patched as KubeObject, current);
    },
    { ...writeOptions(context.query), ...(info.subresource === "status" ? { subresource: "status" as const } : {}) },
  );
  return renderObject(store, outcome.object, rendering, context.query, 200, outcome.warnings);
}
