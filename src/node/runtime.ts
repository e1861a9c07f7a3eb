/**
 * The node's container runtime, started: our own containerd (or an existing
 * one with `--containerd-socket`), the pod network config, the pause image and
 * the data dir's images/*.tar imported. What the kubelet gets is a
 * `NodeRuntime`; `close()` removes every pod sandbox (their containers go
 * with them) and stops the containerd — when it is ours.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { rm, writeFile } from "node:fs/promises";
import type { CriClient } from "../cri/client.js";
import { messageOf } from "../machinery/errors.js";
import type { Logger } from "../log.js";
import { findNodeBinaries, missingRuntimeMessage, whichOnPath, type NodeBinaries } from "./binaries.js";
import { enableIpForwarding, ensurePodMasquerade, podNetworkFor, removeBridge, removePodMasquerade, writeCniConfig, type PodNetwork } from "./cni.js";
import { renderContainerdConfig } from "./config.js";
import { loadCriClient } from "./cri-module.js";
import { importImage, tarballsIn } from "./images.js";
import { ensurePauseImage, PAUSE_IMAGE } from "./pause-image.js";
import { containerdPaths, imagesDir, MAX_SOCKET_PATH, runtimeInfoPath } from "./paths.js";
import { ContainerdSupervisor } from "./supervisor.js";

export interface RuntimeOptions {
  /** Absolute. */
  readonly dataDir: string;
  readonly log: Logger;
  /** Attach to this containerd instead of running our own (its CNI and sandbox image settings are its own). */
  readonly containerdSocket?: string;
  /** The pod CIDR and bridge name; derived from the data dir when not given. */
  readonly podCidr?: string;
  readonly bridge?: string;
  /** Where to look for containerd, ctr and runc. @default process.env.PATH */
  readonly path?: string;
}

/** What `mini up --runtime …` asks for: `auto` is containerd when it can run, else none with a notice. */
export interface RuntimeRequest extends Omit<RuntimeOptions, "dataDir" | "log"> {
  readonly mode: "auto" | "containerd";
}

export interface NodeRuntime {
  /** containerd's gRPC socket: CRI runtime.v1 and image services. */
  readonly criSocket: string;
  /** A client on criSocket, shared; do not close it (close() does). */
  readonly cri: CriClient;
  /** e.g. `containerd://1.6.20`, as NodeStatus.nodeInfo.containerRuntimeVersion shows it. */
  readonly runtimeVersion: string;
  /** The pod network; `podCidr` is what the Node's spec.podCIDR should say. Undefined when attached to a foreign containerd. */
  readonly network: PodNetwork | undefined;
  /** The sandbox image containerd runs for every pod (never garbage-collect it). */
  readonly pauseImage: string;
  readonly dataDir: string;
  /** True when the containerd (and so the pods) survived from an earlier mini. */
  readonly adopted: boolean;
  /** With our own containerd: removes every pod sandbox, then stops it. Attached: only disconnects. */
  close(): Promise<void>;
}

export type RuntimeStart = { readonly ok: true; readonly runtime: NodeRuntime } | { readonly ok: false; /** One line for the user. */ readonly message: string };

const NEEDS_ROOT = "no node can run containers: mini runs containerd only as root (start mini up as root, or pass --containerd-socket); --fake-nodes N works meanwhile";

/** What `mini up` got for its `--runtime`: a runtime or none (with the one line to tell the user), or a start that must fail. */
export type RequestedRuntime =
  | { readonly ok: true; readonly runtime: NodeRuntime | undefined; readonly notice: string | undefined }
  | { readonly ok: false; readonly message: string };

/**
 * Starts what `request` asks for: `auto` settles for a notice when containerd cannot run, an
 * explicit `containerd` fails. containerd is spawned before this returns, so the caller builds
 * the API server while it comes up; the promise never rejects (a failure is a value, which a
 * caller may look at only later).
 */
export function requestNodeRuntime(request: RuntimeRequest, context: { dataDir: string; log: Logger }): Promise<RequestedRuntime> {
  return startNodeRuntime({ ...request, ...context }).then(
    (started): RequestedRuntime => {
      if (started.ok) return { ok: true, runtime: started.runtime, notice: undefined };
      return request.mode === "containerd" ? { ok: false, message: started.message } : { ok: true, runtime: undefined, notice: started.message };
    },
    (error: unknown): RequestedRuntime => ({ ok: false, message: messageOf(error) }),
  );
}

/** Starts (or attaches to) containerd; synchronous up to containerd's spawn (see requestNodeRuntime). */
export async function startNodeRuntime(options: RuntimeOptions): Promise<RuntimeStart> {
  if (options.containerdSocket !== undefined) return attach(options, options.containerdSocket);
  const found = findNodeBinaries(options.path);
  if (!found.ok) return { ok: false, message: missingRuntimeMessage(found.missing) };
  if (process.getuid?.() !== 0) return { ok: false, message: NEEDS_ROOT };
  return runOwn(options, found.binaries);
}

async function runOwn(options: RuntimeOptions, binaries: NodeBinaries): Promise<RuntimeStart> {
  const { dataDir, log } = options;
  const paths = containerdPaths(dataDir);
  if (Buffer.byteLength(paths.ttrpcSocket) > MAX_SOCKET_PATH) {
    return { ok: false, message: `the data dir path is too long for containerd's sockets (${paths.ttrpcSocket} is over ${MAX_SOCKET_PATH} bytes); use a shorter --data-dir` };
  }
  const network = podNetworkFor(dataDir, { podCidr: options.podCidr, bridge: options.bridge });
  // Synchronous file writes, so that the spawn below happens before this function first yields.
  for (const dir of [paths.root, paths.state, paths.opt, paths.cniConfDir, paths.cniIpamDir]) mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(paths.config, renderContainerdConfig({ paths, sandboxImage: PAUSE_IMAGE, cniBinDir: binaries.cniBinDir }));
  writeCniConfig(paths.cniConfDir, network, paths.cniIpamDir);

  const supervisor = new ContainerdSupervisor({ containerd: binaries.containerd, paths, log: log.child("containerd") });
  await Promise.all([supervisor.start(), enableIpForwarding(log), ensurePodMasquerade(network, log)]);
  const { CriClient } = await loadCriClient();
  const cri = CriClient.connect(paths.socket);
  try {
    const prepared = await prepare(cri, { ctr: binaries.ctr, socket: paths.socket, dataDir, log });
    return { ok: true, runtime: await finish({ cri, network, dataDir, adopted: supervisor.adopted, version: prepared, own: supervisor, log }) };
  } catch (error: unknown) {
    cri.close();
    await supervisor.stop();
    throw error;
  }
}

async function attach(options: RuntimeOptions, socket: string): Promise<RuntimeStart> {
  const ctr = whichOnPath("ctr", options.path);
  if (ctr === undefined) return { ok: false, message: missingRuntimeMessage(["ctr"]) };
  const { CriClient } = await loadCriClient();
  const cri = CriClient.connect(socket);
  try {
    const version = await prepare(cri, { ctr, socket, dataDir: options.dataDir, log: options.log });
    // Not our containerd: its other sandboxes are not ours to remove, nor is it ours to stop.
    return { ok: true, runtime: await finish({ cri, network: undefined, dataDir: options.dataDir, adopted: true, version, own: undefined, log: options.log }) };
  } catch (error: unknown) {
    cri.close();
    throw error;
  }
}

/** Checks the runtime answers, makes sure of the pause image, imports images/*.tar; resolves to the runtime version. */
async function prepare(cri: CriClient, options: { ctr: string; socket: string; dataDir: string; log: Logger }): Promise<string> {
  const { describeCriError } = await loadCriClient();
  const version = await cri.version({ timeoutMs: 5_000 });
  if (!version.ok) throw new Error(`the container runtime on ${options.socket} does not answer: ${describeCriError(version.error)}`);
  const pause = await ensurePauseImage(cri, { ctr: options.ctr, socket: options.socket });
  if (!pause.ok) throw new Error(pause.message);
  if (pause.imported) options.log.info("pause image imported", { image: PAUSE_IMAGE });
  for (const file of await tarballsIn(imagesDir(options.dataDir))) {
    const imported = await importImage(file, { ctr: options.ctr, socket: options.socket });
    if (imported.ok) options.log.info("image imported", { file, images: imported.references.join(",") });
    else options.log.warn("cannot import image tarball", { file, error: imported.message });
  }
  return `${version.value.runtimeName}://${version.value.runtimeVersion}`;
}

interface FinishInput {
  readonly cri: CriClient;
  readonly network: PodNetwork | undefined;
  readonly dataDir: string;
  readonly adopted: boolean;
  readonly version: string;
  readonly log: Logger;
  /** The containerd we run, when we run it. */
  readonly own: ContainerdSupervisor | undefined;
}

async function finish(input: FinishInput): Promise<NodeRuntime> {
  const infoPath = runtimeInfoPath(input.dataDir);
  await writeFile(infoPath, `${JSON.stringify({ criSocket: input.cri.socket })}\n`);
  return {
    criSocket: input.cri.socket,
    cri: input.cri,
    runtimeVersion: input.version,
    network: input.network,
    pauseImage: PAUSE_IMAGE,
    dataDir: input.dataDir,
    adopted: input.adopted,
    async close() {
      if (input.own !== undefined) await removeAllSandboxes(input.cri, input.log);
      input.cri.close();
      await input.own?.stop();
      if (input.own !== undefined && input.network !== undefined) await Promise.all([removeBridge(input.network.bridge, input.log), removePodMasquerade(input.network, input.log)]);
      await rm(infoPath, { force: true });
    },
  };
}

/** As `mini down` promises: no pod is left running. StopPodSandbox kills the containers; Remove deletes them. */
async function removeAllSandboxes(cri: CriClient, log: Logger): Promise<void> {
  const { describeCriError } = await loadCriClient();
  const listed = await cri.listPodSandbox({}, { timeoutMs: 10_000 });
  if (!listed.ok) {
    log.warn("cannot list pod sandboxes to remove them", { error: describeCriError(listed.error) });
    return;
  }
  await Promise.all(
    listed.value.items.map(async (sandbox) => {
      const stopped = await cri.stopPodSandbox({ podSandboxId: sandbox.id }, { timeoutMs: 30_000 });
      const removed = stopped.ok ? await cri.removePodSandbox({ podSandboxId: sandbox.id }, { timeoutMs: 30_000 }) : stopped;
      if (!removed.ok) log.warn("cannot remove pod sandbox", { id: sandbox.id, error: describeCriError(removed.error) });
    }),
  );
}
