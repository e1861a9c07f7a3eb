/**
 * Making sure a container's image is on the node before it starts, as
 * upstream's image manager (pkg/kubelet/images) does: the pull policy
 * decides (Never: only what is here; IfNotPresent: pull when missing;
 * Always: pull at every start, so a moved tag brings the new digest), pulls
 * go through CRI one at a time (serializeImagePulls) with the credentials
 * of the pod's imagePullSecrets, a failed pull backs off per pod and image
 * (10 s doubling to 5 min: ImagePullBackOff), and each step records the
 * events `kubectl describe` shows, in upstream's words.
 */
import type { KubeObject } from "../apis/types.js";
import type { Container, PodSpec } from "../apis/common/pod-types.js";
import type { Client, EventRecorder } from "../client/index.js";
import { formatGoDuration } from "../machinery/duration.js";
import { isApiError } from "../machinery/status.js";
import type { Logger } from "../log.js";
import type { CrashBackoff } from "./backoff.js";
import { credentialsFor, keyringOf, type Keyring } from "./image-credentials.js";
import type { Waiting } from "./pod-status.js";
import type { KubeletRuntime, PodSandboxConfig, PullResult } from "./runtime.js";
import { Slots } from "./slots.js";

export interface ImagePullerOptions {
  readonly runtime: KubeletRuntime;
  readonly events: EventRecorder;
  /** Reads a Secret; undefined when it does not exist. */
  readonly secret: (namespace: string, name: string) => Promise<KubeObject | undefined>;
  readonly backoff: CrashBackoff;
  /** @default true */
  readonly serialize?: boolean;
}

/**
 * Reads Secrets through the API. A secret that cannot be read, missing or
 * not (a 403, the API unreachable), is undefined: upstream's kubelet then
 * says so in an event and pulls without it rather than failing the pull.
 */
export function secretReader(client: Client, log: Logger): ImagePullerOptions["secret"] {
  return async (namespace, name) => {
    try {
      return await client.resource("", "Secret").get(namespace, name);
    } catch (error: unknown) {
      if (!isApiError(error, 404)) log.warn("image pull secret not readable", { namespace, name, error: error instanceof Error ? error.message : String(error) });
      return undefined;
    }
  };
}

export type EnsureResult = { readonly ok: true } | { readonly ok: false; readonly waiting: Waiting; readonly retryMs: number };

/** How soon a pod whose image cannot be used (Never, a bad secret) looks again. */
const RETRY_MS = 2000;

/** `busybox` → `busybox:latest`: CRI is asked for a tag, as upstream's applyDefaultImageTag does. */
export function withDefaultTag(image: string): string {
  if (image.includes("@")) return image;
  const lastSlash = image.lastIndexOf("/");
  return image.lastIndexOf(":") > lastSlash ? image : `${image}:latest`;
}

export class ImagePuller {
  readonly #options: ImagePullerOptions;
  /** With serialized pulls, one slot: each pull waits for the one before. */
  readonly #pullSlot = new Slots(1);
  /** The last failure per back-off key, repeated while backing off (upstream's prevPullErrMsg). */
  readonly #lastFailure = new Map<string, string>();

  constructor(options: ImagePullerOptions) {
    this.#options = options;
  }

  async ensureImage(pod: KubeObject, container: Container, sandboxConfig: PodSandboxConfig): Promise<EnsureResult> {
    const { runtime, events, backoff } = this.#options;
    const image = withDefaultTag(container.image ?? "");
    const policy = container.imagePullPolicy ?? "IfNotPresent";
    const present = await runtime.imageStatus(image);
    if (present && policy !== "Always") {
      events.record(pod, "Normal", "Pulled", `Container image "${container.image ?? ""}" already present on machine`);
      return { ok: true };
    }
    if (!present && policy === "Never") {
      const message = `Container image "${container.image ?? ""}" is not present with pull policy of Never`;
      events.record(pod, "Warning", "ErrImageNeverPull", message);
      return { ok: false, waiting: { reason: "ErrImageNeverPull", message }, retryMs: RETRY_MS };
    }
    const key = `${pod.metadata.uid ?? ""}/${image}`;
    const waitMs = backoff.remainingSinceStep(key, Date.now());
    if (waitMs > 0) {
      const message = `Back-off pulling image "${container.image ?? ""}"`;
      events.record(pod, "Normal", "BackOff", message);
      events.record(pod, "Warning", "Failed", "Error: ImagePullBackOff");
      const previous = this.#lastFailure.get(key);
      return { ok: false, waiting: { reason: "ImagePullBackOff", message: previous ? `${message}: ${previous}` : message }, retryMs: waitMs };
    }
    let keyring: Keyring;
    try {
      keyring = keyringOf(await this.#pullSecrets(pod));
    } catch (error: unknown) {
      return this.#failed(pod, { key, image: container.image ?? "", message: error instanceof Error ? error.message : String(error) });
    }
    events.record(pod, "Normal", "Pulling", `Pulling image "${container.image ?? ""}"`);
    const queued = Date.now();
    const pulled = await this.#enqueue(() => this.#pull(image, keyring, sandboxConfig));
    if (!pulled.result.ok) {
      // Offline is the usual case for a missing image: say how one gets onto this node without a registry.
      const hint = present ? "" : `; to run it without a registry, import it with "mini image import FILE"`;
      return this.#failed(pod, { key, image: container.image ?? "", message: `${pulled.result.message}${hint}` });
    }
    this.#lastFailure.delete(key);
    const size = (await runtime.imageStatus(image))?.size ?? 0;
    events.record(
      pod,
      "Normal",
      "Pulled",
      `Successfully pulled image "${container.image ?? ""}" in ${formatGoDuration(pulled.pullMs)} (${formatGoDuration(Date.now() - queued)} including waiting). Image size: ${size} bytes.`,
    );
    return { ok: true };
  }

  /** Forgets a deleted pod's back-off. */
  forgetPod(uid: string): void {
    this.#options.backoff.forgetPrefix(`${uid}/`);
    for (const key of this.#lastFailure.keys()) if (key.startsWith(`${uid}/`)) this.#lastFailure.delete(key);
  }

  #failed(pod: KubeObject, failure: { key: string; image: string; message: string }): EnsureResult {
    const { events, backoff } = this.#options;
    events.record(pod, "Warning", "Failed", `Failed to pull image "${failure.image}": ${failure.message}`);
    events.record(pod, "Warning", "Failed", "Error: ErrImagePull");
    backoff.next(failure.key, Date.now());
    this.#lastFailure.set(failure.key, `ErrImagePull: ${failure.message}`);
    return { ok: false, waiting: { reason: "ErrImagePull", message: failure.message }, retryMs: backoff.remainingSinceStep(failure.key, Date.now()) };
  }

  /** Each credential that applies, in turn, until one works (upstream's loop); anonymous when none applies. */
  async #pull(image: string, keyring: Keyring, sandboxConfig: PodSandboxConfig): Promise<{ result: PullResult; pullMs: number }> {
    const started = Date.now();
    const candidates = credentialsFor(keyring, image);
    if (candidates.length === 0) return { result: await this.#options.runtime.pullImage(image, { sandboxConfig }), pullMs: Date.now() - started };
    const errors: string[] = [];
    for (const auth of candidates) {
      const result = await this.#options.runtime.pullImage(image, { auth, sandboxConfig });
      if (result.ok) return { result, pullMs: Date.now() - started };
      errors.push(result.message);
    }
    // utilerrors.NewAggregate's text: the error alone, or all of them in brackets.
    const message = errors.length === 1 ? (errors[0] ?? "") : `[${errors.join(", ")}]`;
    return { result: { ok: false, message }, pullMs: Date.now() - started };
  }

  #enqueue<T>(pull: () => Promise<T>): Promise<T> {
    return this.#options.serialize === false ? pull() : this.#pullSlot.run(pull);
  }

  /** The pod's pull secrets that exist; a missing one is reported as upstream does and skipped. */
  async #pullSecrets(pod: KubeObject): Promise<KubeObject[]> {
    const namespace = pod.metadata.namespace ?? "";
    const found: KubeObject[] = [];
    const missing: string[] = [];
    for (const ref of ((pod.spec ?? {}) as PodSpec).imagePullSecrets ?? []) {
      const name = ref.name ?? "";
      if (name === "") continue;
      const secret = await this.#options.secret(namespace, name);
      if (secret) found.push(secret);
      else missing.push(name);
    }
    if (missing.length > 0) {
      this.#options.events.record(pod, "Warning", "FailedToRetrieveImagePullSecret", `Unable to retrieve some image pull secrets (${missing.join(", ")}); attempting to pull the image may not succeed.`);
    }
    return found;
  }
}
