/**
 * Starting one container of a pod, step by step as upstream's
 * startContainer: make sure the image is there (image-pull.ts), resolve
 * the environment, bind the volumes, create and start it, then run the
 * postStart hook. Each step records the events
 * kubectl describe shows, and a failure comes back as the waiting reason
 * the container's status carries.
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { KubeObject } from "../apis/types.js";
import type { Container, PodSpec } from "../apis/common/pod-types.js";
import type { EventRecorder } from "../client/index.js";
import { containerConfig } from "./container-config.js";
import type { NodeAllocatable } from "./downward.js";
import { resolveEnv } from "./env.js";
import type { ImagePuller } from "./image-pull.js";
import type { DataLookup } from "./object-data.js";
import type { Waiting } from "./pod-status.js";
import { runHandler } from "./probes/handlers.js";
import type { KeyValue, KubeletRuntime, Mount, PodSandboxConfig } from "./runtime.js";
import { prepareMessageFile } from "./termination-message.js";

export interface StartContext {
  readonly runtime: KubeletRuntime;
  readonly events: EventRecorder;
  readonly lookup: DataLookup;
  readonly allocatable: NodeAllocatable;
  readonly memoryCapacity: number;
  readonly images: ImagePuller;
  readonly volumePaths: ReadonlyMap<string, string>;
  readonly sandboxId: string;
  readonly sandboxConfig: PodSandboxConfig;
  readonly podIP: string;
  readonly baseEnv: readonly KeyValue[];
  /** `<data dir>/pods/<uid>`: termination message files live under it. */
  readonly podDir: string;
  /** The pod's managed /etc/hosts, for pods on the pod network. */
  readonly hostsFile?: string;
}

export type StartResult = { ok: true; id: string } | { ok: false; waiting: Waiting; retryMs: number };

/** Volumes that project API data are mounted read-only, whatever the mount says (upstream does the same). */
const READ_ONLY_SOURCES = ["configMap", "secret", "downwardAPI", "projected"];
const RETRY_MS = 2000;

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function containerMounts(spec: PodSpec, container: Container, context: StartContext): Promise<Mount[] | string> {
  const mounts: Mount[] = [];
  for (const mount of container.volumeMounts ?? []) {
    const base = context.volumePaths.get(mount.name ?? "");
    if (base === undefined) return `volume ${JSON.stringify(mount.name)} is not set up`;
    const volume = (spec.volumes ?? []).find((v) => v.name === mount.name) ?? {};
    const readOnlySource = READ_ONLY_SOURCES.some((source) => source in volume);
    let hostPath = base;
    if (mount.subPath) {
      hostPath = join(base, mount.subPath);
      // Upstream creates a missing subPath in writable volumes; in projected ones the file must exist.
      if (!readOnlySource) await mkdir(hostPath, { recursive: true });
    }
    mounts.push({ containerPath: mount.mountPath ?? "", hostPath, readonly: mount.readOnly === true || readOnlySource });
  }
  // A container that mounts its own /etc/hosts keeps it, as upstream.
  if (context.hostsFile && !mounts.some((m) => m.containerPath === "/etc/hosts")) mounts.push({ containerPath: "/etc/hosts", hostPath: context.hostsFile, readonly: false });
  return mounts;
}

export async function startContainer(pod: KubeObject, container: Container, options: { attempt: number; init: boolean }, context: StartContext): Promise<StartResult> {
  const spec = (pod.spec ?? {}) as PodSpec;
  const name = container.name ?? "";
  const failed = (reason: string, message: string, retryMs = RETRY_MS): StartResult => {
    context.events.record(pod, "Warning", "Failed", `Error: ${message}`);
    return { ok: false, waiting: { reason, message }, retryMs };
  };
  const pull = await context.images.ensureImage(pod, container, context.sandboxConfig);
  if (!pull.ok) return pull;
  // The downward API sees the pod's IP before the status carrying it is written.
  const podWithIP = context.podIP ? { ...pod, status: { ...(pod.status as object | undefined), podIP: context.podIP, podIPs: [{ ip: context.podIP }] } } : pod;
  const env = await resolveEnv(podWithIP, container, { lookup: context.lookup, allocatable: context.allocatable, base: context.baseEnv });
  if (!env.ok) return failed("CreateContainerConfigError", env.message);
  if (env.invalidNames.length > 0) {
    context.events.record(pod, "Warning", "InvalidEnvironmentVariableNames", `Keys [${env.invalidNames.join(", ")}] from the EnvFrom configMap ${pod.metadata.namespace ?? ""} were skipped since they are considered invalid environment variable names.`);
  }
  const mounts = await containerMounts(spec, container, context);
  if (typeof mounts === "string") return failed("CreateContainerConfigError", mounts);
  const messageFile = await prepareMessageFile(context.podDir, container);
  const base = containerConfig(pod, container, { attempt: options.attempt, env: env.env, mounts: [...mounts, ...(messageFile ? [messageFile.mount] : [])], init: options.init, memoryCapacity: context.memoryCapacity });
  const config = messageFile ? { ...base, annotations: { ...base.annotations, ...messageFile.annotations } } : base;
  let id: string;
  try {
    id = await context.runtime.createContainer(context.sandboxId, config, context.sandboxConfig);
  } catch (error: unknown) {
    return failed("CreateContainerError", messageOf(error));
  }
  context.events.record(pod, "Normal", "Created", `Created container ${name}`);
  try {
    await context.runtime.startContainer(id);
  } catch (error: unknown) {
    return failed("RunContainerError", messageOf(error));
  }
  context.events.record(pod, "Normal", "Started", `Started container ${name}`);
  const postStart = container.lifecycle?.postStart;
  if (postStart) {
    const outcome = await runHandler(postStart, { runtime: context.runtime, containerId: id, container, podIP: context.podIP, timeoutSeconds: 30 });
    if (!outcome.ok) {
      context.events.record(pod, "Warning", "FailedPostStartHook", `PostStartHook failed: ${outcome.message.trim()}`);
      context.events.record(pod, "Normal", "Killing", `FailedPostStartHook`);
      await context.runtime.stopContainer(id, spec.terminationGracePeriodSeconds ?? 30);
    }
  }
  return { ok: true, id };
}
