/**
 * The scale subresource: an autoscaling/v1 Scale view of a workload's
 * replicas. Reads build the Scale from the object; writes (PUT or PATCH of
 * the Scale) change only the replica count, through the object's store.
 */
import type { KubeObject, ScaleSubresource } from "../../apis/types.js";
import { formatLabelSelector } from "../../machinery/labels.js";
import { badRequest, notFound } from "../../machinery/status.js";
import { bodyFormat, negotiateRendering, parseObjectBody } from "../negotiation.js";
import { requestText } from "./body.js";
import { writeOptions, type ResourceContext } from "./context.js";
import { readPatch, type PatchFunction } from "./patch.js";
import { jsonResponse } from "../respond.js";

function readPath(object: unknown, path: string): unknown {
  let value: unknown = object;
  for (const part of path.replace(/^\./, "").split(".")) {
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

function writePath(object: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.replace(/^\./, "").split(".");
  const last = parts.pop() ?? "";
  let target = object;
  for (const part of parts) {
    const next = target[part];
    if (typeof next !== "object" || next === null) target[part] = {};
    target = target[part] as Record<string, unknown>;
  }
  target[last] = value;
}

function scaleSpec(context: ResourceContext): ScaleSubresource {
  const scale = context.store.kind.subresources.scale;
  if (!scale) throw notFound(context.store.ref, `${context.info.name}/scale`);
  return scale;
}

export function toScale(object: KubeObject, spec: ScaleSubresource): Record<string, unknown> {
  const selector = spec.labelSelectorPath
    ? readPath(object, spec.labelSelectorPath)
    : formatLabelSelector(readPath(object, "spec.selector") as Parameters<typeof formatLabelSelector>[0]);
  const { name, namespace, uid, resourceVersion, creationTimestamp } = object.metadata;
  return {
    kind: "Scale",
    apiVersion: "autoscaling/v1",
    metadata: { name, namespace, uid, resourceVersion, creationTimestamp },
    spec: { replicas: readPath(object, spec.specReplicasPath) ?? 0 },
    status: {
      replicas: readPath(object, spec.statusReplicasPath) ?? 0,
      ...(typeof selector === "string" && selector !== "<none>" ? { selector } : {}),
    },
  };
}

export async function getScale(context: ResourceContext): Promise<Response> {
  const spec = scaleSpec(context);
  negotiateRendering(context.request.headers.get("accept") ?? undefined);
  const stored = await context.store.get(context.info.namespace, context.info.name);
  return jsonResponse(200, toScale(stored.object, spec));
}

async function writeScale(context: ResourceContext, change: PatchFunction): Promise<Response> {
  const spec = scaleSpec(context);
  const outcome = await context.store.guaranteedUpdate(
    context.info.namespace,
    context.info.name,
    (current) => {
      const scale = change(toScale(current, spec)) as { spec?: { replicas?: unknown }; metadata?: { resourceVersion?: string } };
      const replicas = scale.spec?.replicas;
      if (typeof replicas !== "number" || !Number.isInteger(replicas) || replicas < 0) {
        throw badRequest(`spec.replicas: Invalid value: ${JSON.stringify(replicas)}: must be a non-negative integer`);
      }
      writePath(current, spec.specReplicasPath, replicas);
      const requested = scale.metadata?.resourceVersion;
      if (requested === current.metadata.resourceVersion || !requested) delete current.metadata.resourceVersion;
      else current.metadata.resourceVersion = requested;
      return current;
    },
    writeOptions(context.query),
  );
  return jsonResponse(200, toScale(outcome.object, spec));
}

export async function updateScale(context: ResourceContext): Promise<Response> {
  const format = bodyFormat(context.request.headers.get("content-type") ?? undefined, ["json", "yaml"]);
  const body = parseObjectBody(await requestText(context.request), format);
  return writeScale(context, () => body);
}

export async function patchScale(context: ResourceContext): Promise<Response> {
  return writeScale(context, await readPatch(context, undefined));
}
