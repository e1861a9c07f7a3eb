/**
 * A container's environment, as upstream's kubelet builds it: `envFrom`
 * sources first (keys that are not valid names are skipped and reported),
 * then `env` in order, each value able to refer to variables defined
 * before it as `$(NAME)`. A missing ConfigMap, Secret or key fails the
 * container with CreateContainerConfigError unless marked optional.
 */
import type { KubeObject } from "../apis/types.js";
import type { Container } from "../apis/common/pod-types.js";
import { fieldPathValue, resourceFieldValue, type NodeAllocatable } from "./downward.js";
import type { DataLookup } from "./object-data.js";
import type { KeyValue } from "./runtime.js";

export interface EnvContext {
  readonly lookup: DataLookup;
  readonly allocatable: NodeAllocatable;
  /** Variables every container gets first (service links); `env` overrides them. */
  readonly base?: readonly KeyValue[];
}

export type EnvResult = { ok: true; env: KeyValue[]; invalidNames: string[] } | { ok: false; message: string };

/** Upstream's C_IDENTIFIER-like rule for env names: printable ASCII without '='. */
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/** Replaces `$(NAME)` by NAME's value when defined; `$$(NAME)` escapes to a literal `$(NAME)`. */
export function expandVariables(text: string, vars: ReadonlyMap<string, string>): string {
  return text.replace(/\$\$|\$\(([^)]*)\)/g, (match, name: string | undefined) => {
    if (match === "$$") return "$";
    return name !== undefined && vars.has(name) ? (vars.get(name) as string) : match;
  });
}

export async function resolveEnv(pod: KubeObject, container: Container, context: EnvContext): Promise<EnvResult> {
  const namespace = pod.metadata.namespace ?? "";
  const vars = new Map<string, string>();
  for (const { key, value } of context.base ?? []) vars.set(key, value);
  const invalidNames: string[] = [];
  for (const source of container.envFrom ?? []) {
    const ref = source.configMapRef ?? source.secretRef;
    const kind = source.configMapRef ? "ConfigMap" : "Secret";
    if (!ref) continue;
    const data = await context.lookup(kind, namespace, ref.name ?? "");
    if (!data) {
      if (ref.optional) continue;
      return { ok: false, message: `${kind.toLowerCase()} "${ref.name ?? ""}" not found` };
    }
    for (const [key, value] of data) {
      const name = `${source.prefix ?? ""}${key}`;
      if (ENV_NAME.test(name)) vars.set(name, value.toString("utf8"));
      else invalidNames.push(name);
    }
  }
  for (const variable of container.env ?? []) {
    const name = variable.name ?? "";
    const from = variable.valueFrom;
    if (!from) {
      vars.set(name, expandVariables(variable.value ?? "", vars));
      continue;
    }
    if (from.fieldRef) {
      const value = fieldPathValue(pod, from.fieldRef.fieldPath ?? "");
      if (!value.ok) return value;
      vars.set(name, value.value);
    } else if (from.resourceFieldRef) {
      const value = resourceFieldValue(pod, from.resourceFieldRef, { containerName: container.name ?? "", allocatable: context.allocatable });
      if (!value.ok) return value;
      vars.set(name, value.value);
    } else {
      const ref = from.configMapKeyRef ?? from.secretKeyRef;
      const kind = from.configMapKeyRef ? "ConfigMap" : "Secret";
      if (!ref) continue;
      const data = await context.lookup(kind, namespace, ref.name ?? "");
      const value = data?.get(ref.key ?? "");
      if (value === undefined) {
        if (ref.optional) continue;
        return {
          ok: false,
          message: data ? `couldn't find key ${ref.key ?? ""} in ${kind} ${namespace}/${ref.name ?? ""}` : `${kind.toLowerCase()} "${ref.name ?? ""}" not found`,
        };
      }
      vars.set(name, value.toString("utf8"));
    }
  }
  return { ok: true, env: [...vars].map(([key, value]) => ({ key, value })), invalidNames };
}
