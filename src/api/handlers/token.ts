/**
 * POST serviceaccounts/<name>/token: issues a bound service account token
 * (authentication.k8s.io/v1 TokenRequest → status.token and
 * expirationTimestamp), with upstream's defaults and checks: audiences
 * default to the API server's, expirationSeconds to one hour and at least
 * ten minutes, and a bound Pod, Secret or Node must exist with the given uid.
 */
import type { KubeObject } from "../../apis/types.js";
import { invalid, type FieldError } from "../../machinery/field-errors.js";
import { ApiError, badRequest, invalidObject, isApiError, type ResourceRef } from "../../machinery/status.js";
import { jsonResponse } from "../respond.js";
import { tokensOf } from "../service-account-tokens.js";
import type { ResourceContext } from "./context.js";
import { readObject } from "./write.js";

interface TokenRequestSpec {
  audiences?: string[];
  expirationSeconds?: number;
  boundObjectRef?: { kind?: string; apiVersion?: string; name?: string; uid?: string };
}

const TOKEN_REQUEST: ResourceRef = { group: "authentication.k8s.io", plural: "tokenrequests", kind: "TokenRequest" };
const DEFAULT_EXPIRATION_SECONDS = 60 * 60;
const MIN_EXPIRATION_SECONDS = 10 * 60;
const MAX_EXPIRATION_SECONDS = 2 ** 32;
const BINDABLE_KINDS = new Set(["Pod", "Secret", "Node"]);

function validateSpec(spec: TokenRequestSpec): FieldError[] {
  const seconds = spec.expirationSeconds ?? DEFAULT_EXPIRATION_SECONDS;
  if (seconds < MIN_EXPIRATION_SECONDS) return [invalid("spec.expirationSeconds", seconds, "may not specify a duration less than 10 minutes")];
  if (seconds > MAX_EXPIRATION_SECONDS) return [invalid("spec.expirationSeconds", seconds, "may not specify a duration larger than 2^32 seconds")];
  return [];
}

async function boundObject(context: ResourceContext, account: string, spec: TokenRequestSpec): Promise<KubeObject | undefined> {
  const ref = spec.boundObjectRef;
  if (!ref) return undefined;
  const kind = ref.kind ?? "";
  if (!BINDABLE_KINDS.has(kind) || (ref.apiVersion ?? "v1") !== "v1") {
    throw badRequest(`cannot bind token for serviceaccount "${account}" to object of kind "${ref.apiVersion ?? ""}, Kind=${kind}"`);
  }
  const namespace = kind === "Node" ? "" : context.info.namespace;
  const object = (await context.registry.forKind("", kind).get(namespace, ref.name ?? "")).object;
  if (ref.uid && ref.uid !== object.metadata.uid) {
    throw new ApiError(
      "Conflict",
      `Operation cannot be fulfilled on ${kind.toLowerCase()}s "${ref.name ?? ""}": the UID in the bound object reference (${ref.uid}) does not match the UID in record. The object might have been deleted and then recreated`,
    );
  }
  return object;
}

/** The node a bound pod runs on, recorded in the token as upstream does; absent when unscheduled or gone. */
async function nodeOf(context: ResourceContext, pod: KubeObject): Promise<KubeObject | undefined> {
  const nodeName = (pod.spec as { nodeName?: string } | undefined)?.nodeName;
  if (!nodeName) return undefined;
  try {
    return (await context.registry.forKind("", "Node").get("", nodeName)).object;
  } catch (error: unknown) {
    if (isApiError(error, 404)) return undefined;
    throw error;
  }
}

export async function createToken(context: ResourceContext): Promise<Response> {
  const { info, store } = context;
  const request = await readObject(context);
  const name = info.name;
  const meta = request.metadata ?? {};
  const mismatch: FieldError[] = [
    ...(meta.name && meta.name !== name ? [invalid("metadata.name", meta.name, "must match the service account name if specified")] : []),
    ...(meta.namespace && meta.namespace !== info.namespace ? [invalid("metadata.namespace", meta.namespace, "must match the service account namespace if specified")] : []),
  ];
  if (mismatch.length) throw invalidObject(TOKEN_REQUEST, name, mismatch);
  const spec = (request.spec ?? {}) as TokenRequestSpec;
  const errors = validateSpec(spec);
  if (errors.length) throw invalidObject(TOKEN_REQUEST, name, errors);
  const account = (await store.get(info.namespace, name)).object;
  const bound = await boundObject(context, name, spec);
  const node = bound?.kind === "Pod" ? await nodeOf(context, bound) : undefined;
  const tokens = tokensOf(context.registry);
  const audiences = spec.audiences?.length ? spec.audiences : [...tokens.apiAudiences];
  const expirationSeconds = spec.expirationSeconds ?? DEFAULT_EXPIRATION_SECONDS;
  const issued = tokens.issue({ serviceAccount: account, audiences, expirationSeconds, ...(bound ? { boundObject: bound } : {}), ...(node ? { node } : {}) });
  return jsonResponse(201, {
    kind: "TokenRequest",
    apiVersion: "authentication.k8s.io/v1",
    metadata: { ...meta, name, namespace: info.namespace, creationTimestamp: null },
    spec: { ...spec, audiences, expirationSeconds, boundObjectRef: spec.boundObjectRef ?? null },
    status: issued,
  });
}
