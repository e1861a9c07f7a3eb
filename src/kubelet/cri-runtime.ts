/**
 * The kubelet's runtime interface over h7's CRI client: results become
 * values or exceptions here, at the boundary. A "not found" from a status
 * call is `undefined`, and from stop/remove calls success, since the
 * kubelet treats a vanished object as already gone.
 */
import { describeCriError, type CriClient, type CriError, type CriResult } from "../cri/index.js";
import type { ContainerStatus as CriContainerStatus, Image as CriImage } from "../cri/index.js";
import type { ContainerStatus, ImageInfo, KubeletRuntime } from "./runtime.js";

function unwrap<T>(result: CriResult<T>): T {
  if (!result.ok) throw new Error(describeCriError(result.error));
  return result.value;
}

function unlessNotFound(result: CriResult<unknown>): void {
  if (!result.ok && result.error.code !== "NOT_FOUND") throw new Error(describeCriError(result.error));
}

function containerStatus(status: CriContainerStatus): ContainerStatus {
  return {
    id: status.id,
    metadata: status.metadata ?? { name: "", attempt: 0 },
    state: status.state,
    createdAt: status.createdAt,
    startedAt: status.startedAt,
    finishedAt: status.finishedAt,
    exitCode: status.exitCode,
    image: { image: status.image?.image ?? "" },
    imageRef: status.imageRef,
    reason: status.reason,
    message: status.message,
    labels: status.labels,
    annotations: status.annotations,
    logPath: status.logPath,
  };
}

/** A stop call may take the whole grace period; its deadline allows for that. */
const STOP_SLACK_MS = 10_000;

export function criRuntime(cri: CriClient): KubeletRuntime {
  return {
    async version() {
      return unwrap(await cri.version());
    },
    async status() {
      return [...(unwrap(await cri.status()).status?.conditions ?? [])];
    },
    async runPodSandbox(config, runtimeHandler) {
      return unwrap(await cri.runPodSandbox({ config, ...(runtimeHandler ? { runtimeHandler } : {}) })).podSandboxId;
    },
    async stopPodSandbox(id) {
      unlessNotFound(await cri.stopPodSandbox({ podSandboxId: id }));
    },
    async removePodSandbox(id) {
      unlessNotFound(await cri.removePodSandbox({ podSandboxId: id }));
    },
    async podSandboxStatus(id) {
      const result = await cri.podSandboxStatus({ podSandboxId: id });
      if (!result.ok && result.error.code === "NOT_FOUND") return undefined;
      const status = unwrap(result).status;
      if (!status) return undefined;
      return {
        id: status.id,
        metadata: status.metadata ?? { name: "", uid: "", namespace: "", attempt: 0 },
        state: status.state,
        createdAt: status.createdAt,
        labels: status.labels,
        annotations: status.annotations,
        ...(status.network ? { network: status.network } : {}),
      };
    },
    async listPodSandboxes(filter = {}) {
      const items = unwrap(await cri.listPodSandbox({ filter: { ...(filter.labelSelector ? { labelSelector: filter.labelSelector } : {}) } })).items;
      return items.map((s) => ({ id: s.id, metadata: s.metadata ?? { name: "", uid: "", namespace: "", attempt: 0 }, state: s.state, createdAt: s.createdAt, labels: s.labels, annotations: s.annotations }));
    },
    async createContainer(sandboxId, config, sandboxConfig) {
      return unwrap(await cri.createContainer({ podSandboxId: sandboxId, config, sandboxConfig })).containerId;
    },
    async startContainer(id) {
      unwrap(await cri.startContainer({ containerId: id }));
    },
    async stopContainer(id, timeoutSeconds) {
      unlessNotFound(await cri.stopContainer({ containerId: id, timeout: timeoutSeconds }, { timeoutMs: timeoutSeconds * 1000 + STOP_SLACK_MS }));
    },
    async removeContainer(id) {
      unlessNotFound(await cri.removeContainer({ containerId: id }));
    },
    async listContainers(filter = {}) {
      const containers = unwrap(
        await cri.listContainers({
          filter: { ...(filter.podSandboxId ? { podSandboxId: filter.podSandboxId } : {}), ...(filter.labelSelector ? { labelSelector: filter.labelSelector } : {}) },
        }),
      ).containers;
      return containers.map((c) => ({
        id: c.id,
        podSandboxId: c.podSandboxId,
        metadata: c.metadata ?? { name: "", attempt: 0 },
        image: { image: c.image?.image ?? "" },
        imageRef: c.imageRef,
        state: c.state,
        createdAt: c.createdAt,
        labels: c.labels,
        annotations: c.annotations,
      }));
    },
    async containerStatus(id) {
      const result = await cri.containerStatus({ containerId: id });
      if (!result.ok && result.error.code === "NOT_FOUND") return undefined;
      const status = unwrap(result).status;
      return status ? containerStatus(status) : undefined;
    },
    async execSync(id, command, timeoutSeconds) {
      return unwrap(await cri.execSync({ containerId: id, cmd: command, timeout: timeoutSeconds }, { timeoutMs: timeoutSeconds * 1000 + STOP_SLACK_MS }));
    },
    async reopenContainerLog(id) {
      unwrap(await cri.reopenContainerLog({ containerId: id }));
    },
    async imageStatus(image) {
      const found = unwrap(await cri.imageStatus({ image: { image } })).image;
      return found ? imageInfo(found) : undefined;
    },
    async pullImage(image, { auth, sandboxConfig }) {
      const pulled = await cri.pullImage({ image: { image }, sandboxConfig, ...(auth ? { auth } : {}) }, { timeoutMs: PULL_TIMEOUT_MS });
      return pulled.ok ? { ok: true, imageRef: pulled.value.imageRef } : { ok: false, message: goGrpcError(pulled.error) };
    },
    async listImages() {
      return unwrap(await cri.listImages()).images.map(imageInfo);
    },
    async removeImage(image) {
      unlessNotFound(await cri.removeImage({ image: { image } }));
    },
    async imageFsMountpoints() {
      return unwrap(await cri.imageFsInfo()).imageFilesystems.map((fs) => fs.fsId?.mountpoint ?? "").filter((path) => path !== "");
    },
    async sandboxImage() {
      // containerd shows its CRI config in the verbose status; other runtimes may not.
      const status = unwrap(await cri.status({ verbose: true }));
      const config = status.info["config"];
      if (config === undefined) return undefined;
      const image = (JSON.parse(config) as { sandboxImage?: unknown }).sandboxImage;
      return typeof image === "string" && image !== "" ? image : undefined;
    },
  };
}

/** Upstream gives a pull no deadline (an image may be large); ten minutes bounds a registry that hangs. */
const PULL_TIMEOUT_MS = 10 * 60_000;

function imageInfo(image: CriImage): ImageInfo {
  return { id: image.id, repoTags: image.repoTags, repoDigests: image.repoDigests, size: image.size, pinned: image.pinned };
}

/** grpc-go's error text (`rpc error: code = NotFound desc = …`), which upstream's kubelet shows in events and statuses. */
export function goGrpcError(error: CriError): string {
  const code = error.code === "OK" ? "OK" : error.code.toLowerCase().replace(/(^|_)([a-z])/g, (_, _sep: string, letter: string) => letter.toUpperCase());
  return `rpc error: code = ${code} desc = ${error.message}`;
}
