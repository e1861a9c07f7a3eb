/**
 * Routes a resource request to its handler by verb and subresource.
 */
import { ApiError } from "../../machinery/status.js";
import type { ResourceContext } from "./context.js";
import { deleteCollection, deleteObject } from "./delete.js";
import { createEviction } from "./eviction.js";
import { getPodLogs, upgradeRequired } from "../streaming/index.js";
import { createToken } from "./token.js";
import { isCreateOnly } from "../../apis/create-only.js";
import { answerCreateOnly } from "../reviews/index.js";
import { patchObject } from "./patch.js";
import { getObject, listObjects } from "./read.js";
import { getScale, patchScale, updateScale } from "./scale.js";
import { watchObjects } from "./watch.js";
import { createBinding, createObject, updateObject } from "./write.js";

type Handler = (context: ResourceContext) => Promise<Response>;

const MAIN: Readonly<Record<ResourceContext["info"]["verb"], Handler>> = {
  get: getObject,
  list: listObjects,
  watch: watchObjects,
  create: createObject,
  update: updateObject,
  patch: patchObject,
  delete: deleteObject,
  deletecollection: deleteCollection,
};

/** Subresources that behave like the main resource with their own write rules. */
const SUBRESOURCES: Readonly<Record<string, Partial<Record<ResourceContext["info"]["verb"], Handler>>>> = {
  status: { get: getObject, update: updateObject, patch: patchObject },
  scale: { get: getScale, update: updateScale, patch: patchScale },
  finalize: { update: updateObject },
  binding: { create: createBinding },
  eviction: { create: createEviction },
  token: { create: createToken },
  log: { get: getPodLogs },
  // Reached only without an upgrade: the upgraded requests are served from the server's upgrade event.
  exec: { get: upgradeRequired, create: upgradeRequired },
  attach: { get: upgradeRequired, create: upgradeRequired },
  portforward: { get: upgradeRequired, create: upgradeRequired },
};

const POD_STREAMS = new Set(["log", "exec", "attach", "portforward"]);

function methodNotAllowed(context: ResourceContext): ApiError {
  const { verb, resource, subresource } = context.info;
  const target = subresource ? `${resource}/${subresource}` : resource;
  return new ApiError("MethodNotAllowed", `the server does not allow this method on the requested resource (${verb} ${target})`);
}

export function dispatch(context: ResourceContext): Promise<Response> {
  const { info, store } = context;
  // Requests such as SelfSubjectAccessReview are answered, never stored.
  if (isCreateOnly(store.kind)) return answerCreateOnly(context, store.kind);
  if (!info.subresource) return MAIN[info.verb](context);
  const handlers = SUBRESOURCES[info.subresource];
  const allowed =
    (info.subresource === "status" && store.kind.subresources.status) ||
    (info.subresource === "scale" && store.kind.subresources.scale !== undefined) ||
    (info.subresource === "finalize" && store.kind.kind === "Namespace") ||
    (info.subresource === "binding" && store.kind.kind === "Pod") ||
    (info.subresource === "eviction" && store.kind.kind === "Pod") ||
    (info.subresource === "token" && store.kind.kind === "ServiceAccount") ||
    (POD_STREAMS.has(info.subresource) && store.kind.kind === "Pod");
  const handler = allowed ? handlers?.[info.verb] : undefined;
  if (!handler) {
    if (!allowed) throw new ApiError("NotFound", `the server could not find the requested resource (${info.verb} ${info.resource}/${info.subresource})`);
    throw methodNotAllowed(context);
  }
  return handler(context);
}
