/**
 * A typed promise client for a CRI runtime (containerd) over its unix socket:
 * one method per RPC, named as the RPC in camelCase, taking the request message
 * and resolving to a `CriResult` — never rejecting. Message shapes and the
 * number/enum/bytes conventions are in types.ts.
 *
 *   const cri = CriClient.connect("/run/mini/containerd.sock");
 *   const made = await cri.runPodSandbox({ config });
 *   if (!made.ok) log.warn("sandbox failed", { code: made.error.code, message: made.error.message });
 *
 * Every call has a deadline (2 minutes unless given, as the kubelet's
 * runtime-request-timeout), and an AbortSignal cancels it.
 */
import { ChannelCredentials, Client, loadPackageDefinition, status as grpcStatus } from "@grpc/grpc-js";
import type { ServiceClientConstructor, ServiceError } from "@grpc/grpc-js";
import { fromJSON } from "@grpc/proto-loader";
import descriptor from "./descriptor.json";
import type {
  ContainerConfig,
  ContainerFilter,
  ContainerStats,
  ContainerStatusResponse,
  Container,
  ExecSyncResponse,
  ImageFsInfoResponse,
  ImageSpec,
  ImageStatusResponse,
  Image,
  LinuxContainerResources,
  PodSandbox,
  PodSandboxConfig,
  PodSandboxFilter,
  PodSandboxStatusResponse,
  StatusResponse,
  VersionResponse,
} from "./types.js";

/** gRPC status names (`NOT_FOUND`, `UNAVAILABLE`, `DEADLINE_EXCEEDED`…). */
export type CriErrorCode = keyof typeof grpcStatus;

export interface CriError {
  readonly code: CriErrorCode;
  /** The runtime's own words, e.g. `an error occurred when try to find container "x": not found`. */
  readonly message: string;
  /** The RPC that failed, e.g. `RunPodSandbox`. */
  readonly method: string;
}

export type CriResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: CriError };

export interface CallOptions {
  /** @default the client's timeoutMs */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

export interface ConnectOptions {
  /** Deadline of each call unless the call gives its own. @default 120000 */
  readonly timeoutMs?: number;
}

const LOADER_OPTIONS = { longs: Number, enums: String, defaults: true, arrays: true, objects: true } as const;
/** ExecSync may return up to 16 MiB per stream (the CRI's cap), more than grpc-js' 4 MiB default. */
const MAX_MESSAGE_BYTES = 40 * 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 120_000;

type Empty = Readonly<Record<string, never>>;
type UnaryMethod = (request: unknown, options: { deadline: Date }, callback: (error: ServiceError | null, response: unknown) => void) => { cancel(): void };

let services: { runtime: ServiceClientConstructor; image: ServiceClientConstructor } | undefined;

/** Built on first use: proto-loader turns the checked-in descriptor into service constructors (~5 ms). */
function loadServices(): { runtime: ServiceClientConstructor; image: ServiceClientConstructor } {
  if (services === undefined) {
    const definition = loadPackageDefinition(fromJSON(descriptor as Parameters<typeof fromJSON>[0], LOADER_OPTIONS));
    const v1 = (definition.runtime as Record<string, Record<string, ServiceClientConstructor>>).v1;
    if (v1?.RuntimeService === undefined || v1.ImageService === undefined) throw new Error("descriptor.json lacks runtime.v1 services");
    services = { runtime: v1.RuntimeService, image: v1.ImageService };
  }
  return services;
}

export class CriClient {
  readonly #runtime: Client;
  readonly #image: Client;
  readonly #timeoutMs: number;
  /** The socket path this client talks to. */
  readonly socket: string;

  private constructor(socket: string, options: ConnectOptions) {
    const { runtime, image } = loadServices();
    const channelOptions = {
      "grpc.max_receive_message_length": MAX_MESSAGE_BYTES,
      "grpc.max_send_message_length": MAX_MESSAGE_BYTES,
      // A local socket: when containerd restarts, reconnect within seconds, not grpc-js' default of up to 2 minutes.
      "grpc.initial_reconnect_backoff_ms": 200,
      "grpc.max_reconnect_backoff_ms": 3_000,
    };
    this.#runtime = new runtime(`unix://${socket}`, ChannelCredentials.createInsecure(), channelOptions);
    // One connection for both services, as the kubelet does.
    this.#image = new image(`unix://${socket}`, ChannelCredentials.createInsecure(), { ...channelOptions, channelOverride: this.#runtime.getChannel() });
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.socket = socket;
  }

  /** Connects lazily: the first call dials the socket, so this never fails. */
  static connect(socket: string, options: ConnectOptions = {}): CriClient {
    return new CriClient(socket, options);
  }

  close(): void {
    this.#image.close();
    this.#runtime.close();
  }

  // ---- RuntimeService ----
  version = (call?: CallOptions) => this.#unary<VersionResponse>(this.#runtime, "Version", { version: "v1" }, call);
  status = (request: { verbose?: boolean } = {}, call?: CallOptions) => this.#unary<StatusResponse>(this.#runtime, "Status", request, call);
  runPodSandbox = (request: { config: PodSandboxConfig; runtimeHandler?: string }, call?: CallOptions) =>
    this.#unary<{ podSandboxId: string }>(this.#runtime, "RunPodSandbox", request, call);
  /** Idempotent: stopping a stopped sandbox succeeds. */
  stopPodSandbox = (request: { podSandboxId: string }, call?: CallOptions) => this.#unary<Empty>(this.#runtime, "StopPodSandbox", request, call);
  /** Idempotent: removing a removed sandbox succeeds. Running containers in it are killed and removed. */
  removePodSandbox = (request: { podSandboxId: string }, call?: CallOptions) => this.#unary<Empty>(this.#runtime, "RemovePodSandbox", request, call);
  podSandboxStatus = (request: { podSandboxId: string; verbose?: boolean }, call?: CallOptions) =>
    this.#unary<PodSandboxStatusResponse>(this.#runtime, "PodSandboxStatus", request, call);
  listPodSandbox = (request: { filter?: PodSandboxFilter } = {}, call?: CallOptions) =>
    this.#unary<{ items: PodSandbox[] }>(this.#runtime, "ListPodSandbox", request, call);
  /** `sandboxConfig` must be the config the sandbox was run with. */
  createContainer = (request: { podSandboxId: string; config: ContainerConfig; sandboxConfig: PodSandboxConfig }, call?: CallOptions) =>
    this.#unary<{ containerId: string }>(this.#runtime, "CreateContainer", request, call);
  startContainer = (request: { containerId: string }, call?: CallOptions) => this.#unary<Empty>(this.#runtime, "StartContainer", request, call);
  /** `timeout` is the grace period in seconds: SIGTERM (or the image's stop signal), then SIGKILL. Give the call a longer deadline. */
  stopContainer = (request: { containerId: string; timeout?: number }, call?: CallOptions) => this.#unary<Empty>(this.#runtime, "StopContainer", request, call);
  removeContainer = (request: { containerId: string }, call?: CallOptions) => this.#unary<Empty>(this.#runtime, "RemoveContainer", request, call);
  listContainers = (request: { filter?: ContainerFilter } = {}, call?: CallOptions) =>
    this.#unary<{ containers: Container[] }>(this.#runtime, "ListContainers", request, call);
  containerStatus = (request: { containerId: string; verbose?: boolean }, call?: CallOptions) =>
    this.#unary<ContainerStatusResponse>(this.#runtime, "ContainerStatus", request, call);
  updateContainerResources = (request: { containerId: string; linux?: LinuxContainerResources; annotations?: Readonly<Record<string, string>> }, call?: CallOptions) =>
    this.#unary<Empty>(this.#runtime, "UpdateContainerResources", request, call);
  reopenContainerLog = (request: { containerId: string }, call?: CallOptions) => this.#unary<Empty>(this.#runtime, "ReopenContainerLog", request, call);
  /** `timeout` in seconds (0: none). A non-zero exit is a successful call with that exitCode. */
  execSync = (request: { containerId: string; cmd: readonly string[]; timeout?: number }, call?: CallOptions) =>
    this.#unary<ExecSyncResponse>(this.#runtime, "ExecSync", request, call);
  /** Resolves to the streaming URL (single use, valid ~1 minute); see shared notes on CRI streaming. */
  exec = (request: { containerId: string; cmd: readonly string[]; tty?: boolean; stdin?: boolean; stdout?: boolean; stderr?: boolean }, call?: CallOptions) =>
    this.#unary<{ url: string }>(this.#runtime, "Exec", request, call);
  attach = (request: { containerId: string; stdin?: boolean; tty?: boolean; stdout?: boolean; stderr?: boolean }, call?: CallOptions) =>
    this.#unary<{ url: string }>(this.#runtime, "Attach", request, call);
  portForward = (request: { podSandboxId: string; port?: readonly number[] }, call?: CallOptions) =>
    this.#unary<{ url: string }>(this.#runtime, "PortForward", request, call);
  containerStats = (request: { containerId: string }, call?: CallOptions) => this.#unary<{ stats: ContainerStats | null }>(this.#runtime, "ContainerStats", request, call);
  listContainerStats = (request: { filter?: { id?: string; podSandboxId?: string; labelSelector?: Readonly<Record<string, string>> } } = {}, call?: CallOptions) =>
    this.#unary<{ stats: ContainerStats[] }>(this.#runtime, "ListContainerStats", request, call);

  // ---- ImageService ----
  listImages = (request: { filter?: { image?: ImageSpec } } = {}, call?: CallOptions) => this.#unary<{ images: Image[] }>(this.#image, "ListImages", request, call);
  /** `image: null` when the image is not present (not an error). */
  imageStatus = (request: { image: ImageSpec; verbose?: boolean }, call?: CallOptions) => this.#unary<ImageStatusResponse>(this.#image, "ImageStatus", request, call);
  pullImage = (request: { image: ImageSpec; auth?: { username?: string; password?: string; auth?: string; serverAddress?: string; identityToken?: string; registryToken?: string }; sandboxConfig?: PodSandboxConfig }, call?: CallOptions) =>
    this.#unary<{ imageRef: string }>(this.#image, "PullImage", request, call);
  /** Idempotent; removes every tag of the image the reference resolves to. */
  removeImage = (request: { image: ImageSpec }, call?: CallOptions) => this.#unary<Empty>(this.#image, "RemoveImage", request, call);
  imageFsInfo = (call?: CallOptions) => this.#unary<ImageFsInfoResponse>(this.#image, "ImageFsInfo", {}, call);

  #unary<T>(client: Client, method: string, request: unknown, call: CallOptions = {}): Promise<CriResult<T>> {
    const fn = (client as unknown as Record<string, UnaryMethod | undefined>)[method];
    if (fn === undefined) throw new Error(`CRI method ${method} is not in descriptor.json`);
    const signal = call.signal;
    if (signal?.aborted) return Promise.resolve(failed(method, "CANCELLED", "the call was aborted before it started"));
    return new Promise((resolve) => {
      const deadline = new Date(Date.now() + (call.timeoutMs ?? this.#timeoutMs));
      const onAbort = (): void => pending.cancel();
      const pending = fn.call(client, request, { deadline }, (error, response) => {
        signal?.removeEventListener("abort", onAbort);
        resolve(error === null ? { ok: true, value: response as T } : failed(method, codeName(error.code), error.details || error.message));
      });
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }
}

function failed(method: string, code: CriErrorCode, message: string): CriResult<never> {
  return { ok: false, error: { code, message, method } };
}

function codeName(code: number): CriErrorCode {
  const name = grpcStatus[code];
  return typeof name === "string" ? (name as CriErrorCode) : "UNKNOWN";
}

/** One line for logs and users: `RunPodSandbox: UNKNOWN: failed to …`. */
export function describeCriError(error: CriError): string {
  return `${error.method}: ${error.code}: ${error.message}`;
}
