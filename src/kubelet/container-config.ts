/**
 * The CRI container configuration for one of a pod's containers: command
 * and args with `$(VAR)` references expanded, the resolved environment,
 * volume mounts, cgroup resources from requests and limits, the security
 * context (the pod's merged under the container's) and the labels and
 * annotations a restarted kubelet reads back.
 */
import { createHash } from "node:crypto";
import type { KubeObject } from "../apis/types.js";
import type { Container, PodSpec } from "../apis/common/pod-types.js";
import { podQOSClass } from "../apis/common/pod-qos.js";
import { parseQuantity } from "../apis/common/quantity.js";
import { expandVariables } from "./env.js";
import { containerLabels, INIT_ANNOTATION, RESTART_COUNT_ANNOTATION, TERMINATION_GRACE_ANNOTATION } from "./labels.js";
import type { ContainerConfig, KeyValue, LinuxContainerResources, LinuxContainerSecurityContext, Mount } from "./runtime.js";
import { namespaceOptions } from "./sandbox-config.js";

export const CONTAINER_HASH_ANNOTATION = "io.kubernetes.container.hash";
/** CFS period in µs (upstream's default). */
const CPU_PERIOD = 100_000;
const MIN_SHARES = 2;
const MIN_QUOTA = 1000;

export interface ContainerSettings {
  readonly attempt: number;
  readonly env: readonly KeyValue[];
  readonly mounts: readonly Mount[];
  readonly init: boolean;
  /** The node's memory capacity in bytes, for the OOM score of burstable containers. */
  readonly memoryCapacity: number;
}

/** A fingerprint of the container's spec: a change (a new image) means a restart, as upstream's hash. */
export function containerHash(container: Container): string {
  return createHash("sha256").update(JSON.stringify(container)).digest("hex").slice(0, 8);
}

/** CPU shares, CFS quota, memory limit and OOM score from requests, limits and the pod's QoS class. */
export function linuxResources(spec: PodSpec, container: Container, memoryCapacity: number): LinuxContainerResources {
  const { requests = {}, limits = {} } = container.resources ?? {};
  const cpuRequest = parseQuantity(requests.cpu ?? limits.cpu ?? "") ?? 0;
  const cpuLimit = parseQuantity(limits.cpu ?? "") ?? 0;
  const memoryLimit = parseQuantity(limits.memory ?? "") ?? 0;
  const memoryRequest = parseQuantity(requests.memory ?? limits.memory ?? "") ?? 0;
  const qos = podQOSClass(spec);
  let oomScoreAdj: number;
  if (qos === "Guaranteed") oomScoreAdj = -997;
  else if (qos === "BestEffort") oomScoreAdj = 1000;
  else oomScoreAdj = Math.min(999, Math.max(2, 1000 - Math.floor((1000 * memoryRequest) / Math.max(memoryCapacity, 1))));
  return {
    cpuPeriod: cpuLimit > 0 ? CPU_PERIOD : 0,
    cpuQuota: cpuLimit > 0 ? Math.max(MIN_QUOTA, Math.round(cpuLimit * CPU_PERIOD)) : 0,
    cpuShares: Math.max(MIN_SHARES, Math.round(cpuRequest * 1024)),
    memoryLimitInBytes: Math.round(memoryLimit),
    oomScoreAdj,
  };
}

export function linuxSecurityContext(spec: PodSpec, container: Container): LinuxContainerSecurityContext {
  const pod = (spec.securityContext ?? {}) as { runAsUser?: number; runAsGroup?: number };
  const own = container.securityContext ?? {};
  const runAsUser = own.runAsUser ?? pod.runAsUser;
  const runAsGroup = own.runAsGroup ?? pod.runAsGroup;
  const capabilities = own.capabilities;
  return {
    ...(capabilities ? { capabilities: { addCapabilities: capabilities.add ?? [], dropCapabilities: capabilities.drop ?? [] } } : {}),
    privileged: own.privileged === true,
    namespaceOptions: namespaceOptions(spec),
    ...(runAsUser === undefined ? {} : { runAsUser: { value: runAsUser } }),
    ...(runAsGroup === undefined ? {} : { runAsGroup: { value: runAsGroup } }),
    readonlyRootfs: own.readOnlyRootFilesystem === true,
    noNewPrivs: own.allowPrivilegeEscalation === false,
  };
}

export function containerConfig(pod: KubeObject, container: Container, settings: ContainerSettings): ContainerConfig {
  const spec = (pod.spec ?? {}) as PodSpec;
  const name = container.name ?? "";
  const vars = new Map(settings.env.map(({ key, value }) => [key, value]));
  const expand = (list: readonly string[] | undefined): string[] => (list ?? []).map((item) => expandVariables(item, vars));
  return {
    metadata: { name, attempt: settings.attempt },
    image: { image: container.image ?? "" },
    command: expand(container.command as string[] | undefined),
    args: expand(container.args as string[] | undefined),
    workingDir: (container.workingDir as string | undefined) ?? "",
    envs: settings.env,
    mounts: settings.mounts,
    labels: containerLabels(pod, name),
    annotations: {
      [CONTAINER_HASH_ANNOTATION]: containerHash(container),
      [RESTART_COUNT_ANNOTATION]: String(settings.attempt),
      [TERMINATION_GRACE_ANNOTATION]: String(spec.terminationGracePeriodSeconds ?? 30),
      ...(settings.init ? { [INIT_ANNOTATION]: "true" } : {}),
    },
    logPath: `${name}/${settings.attempt}.log`,
    stdin: container.stdin === true,
    stdinOnce: container.stdinOnce === true,
    tty: container.tty === true,
    linux: { resources: linuxResources(spec, container, settings.memoryCapacity), securityContext: linuxSecurityContext(spec, container) },
  };
}
