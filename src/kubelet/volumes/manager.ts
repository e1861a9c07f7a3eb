/**
 * A pod's volumes on this node, under `<data dir>/pods/<uid>/volumes/`:
 * emptyDir (tmpfs for medium Memory when mounting works), hostPath (with
 * its type check), PVCs bound to hostPath or local volumes, and the
 * volumes that project API data (configMap, secret, downwardAPI,
 * projected), written atomically and rewritten when their source changes.
 * `setUp` is idempotent: the pod worker calls it on every sync, which is
 * how ConfigMap and Secret updates reach running containers.
 */
import { execFile } from "node:child_process";
import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import type { KubeObject } from "../../apis/types.js";
import type { PodSpec, Volume } from "../../apis/common/pod-types.js";
import type { Client } from "../../client/index.js";
import type { Logger } from "../../log.js";
import { isApiError } from "../../machinery/status.js";
import { writePayload } from "./atomic-writer.js";
import { checkHostPath } from "./host-path.js";
import { volumePayload, type ProjectionContext } from "./projection.js";
import { isMountPoint, unmountAllUnder } from "../../node/mounts.js";

const run = promisify(execFile);

export type SetUpResult = { ok: true; paths: Map<string, string> } | { ok: false; volume: string; message: string };

export interface VolumeManagerOptions {
  /** `<data dir>/pods`. */
  readonly podsDir: string;
  readonly client: Client;
  readonly log: Logger;
}

/** Upstream's plugin directory names, so the layout reads the same as /var/lib/kubelet/pods. */
const PLUGIN_DIRS: Record<string, string> = {
  emptyDir: "kubernetes.io~empty-dir",
  configMap: "kubernetes.io~configmap",
  secret: "kubernetes.io~secret",
  downwardAPI: "kubernetes.io~downward-api",
  projected: "kubernetes.io~projected",
};

export class VolumeManager {
  readonly #options: VolumeManagerOptions;
  /** tmpfs mounts this process made, by pod uid. */
  readonly #mounts = new Map<string, Set<string>>();

  constructor(options: VolumeManagerOptions) {
    this.#options = options;
  }

  podDir(uid: string): string {
    return join(this.#options.podsDir, uid);
  }

  /** Prepares every volume of the pod; the first that fails stops the rest, as a failed mount holds the pod. */
  async setUp(pod: KubeObject, context: ProjectionContext): Promise<SetUpResult> {
    const uid = pod.metadata.uid ?? "";
    const paths = new Map<string, string>();
    for (const volume of ((pod.spec ?? {}) as PodSpec).volumes ?? []) {
      const name = volume.name ?? "";
      try {
        const result = await this.#setUpOne(uid, volume, pod, context);
        if (!result.ok) return { ok: false, volume: name, message: result.message };
        paths.set(name, result.path);
      } catch (error: unknown) {
        return { ok: false, volume: name, message: error instanceof Error ? error.message : String(error) };
      }
    }
    return { ok: true, paths };
  }

  async #setUpOne(uid: string, volume: Volume, pod: KubeObject, context: ProjectionContext): Promise<{ ok: true; path: string } | { ok: false; message: string }> {
    const name = volume.name ?? "";
    const kind = Object.keys(volume).find((key) => key !== "name") ?? "";
    const pluginDir = PLUGIN_DIRS[kind];
    const path = pluginDir ? join(this.podDir(uid), "volumes", pluginDir, name) : "";
    if (kind === "emptyDir") {
      await mkdir(path, { recursive: true, mode: 0o777 });
      const source = volume.emptyDir as { medium?: string; sizeLimit?: string };
      if (source.medium === "Memory") await this.#mountTmpfs(uid, path, source.sizeLimit);
      return { ok: true, path };
    }
    if (kind === "hostPath") {
      const source = volume.hostPath as { path?: string; type?: string };
      const checked = await checkHostPath(source.path ?? "", source.type ?? "");
      return checked.ok ? { ok: true, path: source.path ?? "" } : checked;
    }
    if (kind === "persistentVolumeClaim") {
      const claim = (volume.persistentVolumeClaim as { claimName?: string }).claimName ?? "";
      return this.#claimPath(pod.metadata.namespace ?? "", claim);
    }
    const payload = await volumePayload(volume, context);
    if (!payload) return { ok: false, message: `volume type ${JSON.stringify(kind)} is not supported by this node` };
    if (!payload.ok) return payload;
    await writePayload(path, payload.files);
    return { ok: true, path };
  }

  async #claimPath(namespace: string, claimName: string): Promise<{ ok: true; path: string } | { ok: false; message: string }> {
    const { client } = this.#options;
    let claim: KubeObject;
    try {
      claim = await client.resource("", "PersistentVolumeClaim").get(namespace, claimName);
    } catch (error: unknown) {
      if (isApiError(error, 404)) return { ok: false, message: `persistentvolumeclaim "${claimName}" not found` };
      throw error;
    }
    const volumeName = (claim.spec as { volumeName?: string } | undefined)?.volumeName;
    if (!volumeName) return { ok: false, message: `persistentvolumeclaim "${claimName}" is not bound` };
    const volume = await client.resource("", "PersistentVolume").get("", volumeName);
    const spec = (volume.spec ?? {}) as { hostPath?: { path?: string; type?: string }; local?: { path?: string } };
    if (spec.hostPath?.path) {
      const checked = await checkHostPath(spec.hostPath.path, spec.hostPath.type || "DirectoryOrCreate");
      return checked.ok ? { ok: true, path: spec.hostPath.path } : checked;
    }
    if (spec.local?.path) return { ok: true, path: spec.local.path };
    return { ok: false, message: `persistentvolume "${volumeName}" is neither hostPath nor local, which this node cannot mount` };
  }

  async #mountTmpfs(uid: string, path: string, sizeLimit: string | undefined): Promise<void> {
    if (this.#mounts.get(uid)?.has(path) || (await isMountPoint(path))) return;
    try {
      await run("mount", ["-t", "tmpfs", "-o", sizeLimit ? `size=${sizeLimit.replace(/i$/, "").toLowerCase()}` : "mode=0777", "tmpfs", path]);
      let set = this.#mounts.get(uid);
      if (!set) this.#mounts.set(uid, (set = new Set()));
      set.add(path);
    } catch (error: unknown) {
      this.#options.log.warn("emptyDir medium Memory: tmpfs mount failed; using a plain directory", { path, error: error instanceof Error ? error.message : String(error) });
    }
  }

  /** Unmounts and removes everything the pod had on this node. */
  async tearDown(uid: string): Promise<void> {
    const dir = this.podDir(uid);
    // A mount left in place would make the removal below fail with EBUSY: this throws instead, and the pod's removal is retried.
    await unmountAllUnder(dir);
    this.#mounts.delete(uid);
    await rm(dir, { recursive: true, force: true });
  }
}
