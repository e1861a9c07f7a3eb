/**
 * POST (create) and PUT (update) of objects and of the status subresource.
 */
import type { KubeObject } from "../../apis/types.js";
import { badRequest, successStatus } from "../../machinery/status.js";
import { writeManager } from "../../machinery/managed-fields/index.js";
import { jsonResponse } from "../respond.js";
import { bodyFormat, negotiateRendering, parseObjectBody } from "../negotiation.js";
import { requestBytes } from "./body.js";
import { decodeKubernetesProtobuf } from "../protobuf/index.js";
import { writeOptions, type ResourceContext } from "./context.js";
import { renderObject } from "./render.js";

/** Reads a JSON, YAML or protobuf (`kubectl create <kind>` since 1.32) object body. */
export async function readObject(context: ResourceContext, typed = true): Promise<KubeObject> {
  const format = bodyFormat(context.request.headers.get("content-type") ?? undefined, ["json", "yaml", "protobuf"]);
  const bytes = await requestBytes(context.request);
  if (format !== "protobuf" || !typed) return parseObjectBody(bytes.toString("utf8"), format) as KubeObject;
  const decoded = decodeKubernetesProtobuf(bytes);
  if (!decoded.ok) throw badRequest(decoded.error);
  return decoded.value;
}

export async function createObject(context: ResourceContext): Promise<Response> {
  const rendering = negotiateRendering(context.request.headers.get("accept") ?? undefined);
  const body = await readObject(context);
  const fieldManager = writeManager(context.query, context.request.headers.get("user-agent") ?? undefined, { verb: "CreateOptions" });
  const outcome = await context.store.create(context.info.namespace, body, { ...writeOptions(context.query), fieldManager });
  return renderObject(context.store, outcome, rendering, context.query, 201, outcome.warnings);
}

export async function updateObject(context: ResourceContext): Promise<Response> {
  const { info } = context;
  const subresource = info.subresource === "status" || info.subresource === "finalize" ? info.subresource : undefined;
  if (info.subresource && !subresource) throw badRequest(`the server does not allow this method on ${info.resource}/${info.subresource}`);
  const rendering = negotiateRendering(context.request.headers.get("accept") ?? undefined);
  const body = await readObject(context);
  const fieldManager = writeManager(context.query, context.request.headers.get("user-agent") ?? undefined, { verb: "UpdateOptions" });
  const outcome = await context.store.update(info.namespace, info.name, body, {
    ...writeOptions(context.query),
    fieldManager,
    ...(subresource ? { subresource } : {}),
  });
  return renderObject(context.store, outcome, rendering, context.query, 200, outcome.warnings);
}

/** POST pods/<name>/binding: the scheduler assigns a pod to a node. */
export async function createBinding(context: ResourceContext): Promise<Response> {
  const { info, store } = context;
  const body = await readObject(context, false);
  await store.guaranteedUpdate(info.namespace, info.name, () => body, { ...writeOptions(context.query), subresource: "binding" });
  return jsonResponse(201, successStatus());
}
