/**
 * The container runtime as the kubelet uses it: the CRI runtime/v1 calls it
 * makes, with the message shapes it reads and writes (field names as CRI's
 * proto spells them in camelCase; enums as their proto names; times in
 * nanoseconds since the epoch as numbers). Keeping the kubelet behind this
 * narrow interface lets its logic be tested without containerd and keeps
 * the adapter onto the gRPC client in one file (`cri-runtime.ts`).
 */

export type NamespaceMode = "POD" | "CONTAINER" | "NODE" | "TARGET";
export type Protocol = "TCP" | "UDP" | "SCTP";
export type SandboxState = "SANDBOX_READY" | "SANDBOX_NOTREADY";
export type ContainerState = "CONTAINER_CREATED" | "CONTAINER_RUNNING" | "CONTAINER_EXITED" | "CONTAINER_UNKNOWN";

export interface KeyValue {
  readonly key: string;
  readonly value: string;
}

export interface PortMapping {
  readonly protocol: Protocol;
  readonly containerPort: number;
  readonly hostPort: number;
  readonly hostIp: string;
}

export interface PodSandboxConfig {
  readonly metadata: { readonly name: string; readonly uid: string; readonly namespace: string; readonly attempt: number };
  readonly hostname: string;
  readonly logDirectory: string;
  readonly dnsConfig?: { readonly servers: readonly string[]; readonly searches: readonly string[]; readonly options: readonly string[] };
  readonly portMappings: readonly PortMapping[];
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly linux: {
    readonly cgroupParent: string;
    readonly securityContext: {
      readonly namespaceOptions: { readonly network: NamespaceMode; readonly pid: NamespaceMode; readonly ipc: NamespaceMode };
      readonly privileged: boolean;
    };
    readonly sysctls: Readonly<Record<string, string>>;
  };
}

export interface Mount {
  readonly containerPath: string;
  readonly hostPath: string;
  readonly readonly: boolean;
}

export interface LinuxContainerResources {
  readonly cpuPeriod: number;
  readonly cpuQuota: number;
  readonly cpuShares: number;
  readonly memoryLimitInBytes: number;
  readonly oomScoreAdj: number;
}

export interface LinuxContainerSecurityContext {
  readonly capabilities?: { readonly addCapabilities: readonly string[]; readonly dropCapabilities: readonly string[] };
  readonly privileged: boolean;
  readonly namespaceOptions: { readonly network: NamespaceMode; readonly pid: NamespaceMode; readonly ipc: NamespaceMode };
  readonly runAsUser?: { readonly value: number };
  readonly runAsGroup?: { readonly value: number };
  readonly readonlyRootfs: boolean;
  readonly noNewPrivs: boolean;
}

export interface ContainerConfig {
  readonly metadata: { readonly name: string; readonly attempt: number };
  readonly image: { readonly image: string };
  readonly command: readonly string[];
  readonly args: readonly string[];
  readonly workingDir: string;
  readonly envs: readonly KeyValue[];
  readonly mounts: readonly Mount[];
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  /** Relative to the sandbox's logDirectory. */
  readonly logPath: string;
  readonly stdin: boolean;
  readonly stdinOnce: boolean;
  readonly tty: boolean;
  readonly linux: { readonly resources: LinuxContainerResources; readonly securityContext: LinuxContainerSecurityContext };
}

export interface PodSandbox {
  readonly id: string;
  readonly metadata: { readonly name: string; readonly uid: string; readonly namespace: string; readonly attempt: number };
  readonly state: SandboxState;
  readonly createdAt: number;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

export interface PodSandboxStatus extends PodSandbox {
  readonly network?: { readonly ip: string; readonly additionalIps: readonly { readonly ip: string }[] };
}

export interface Container {
  readonly id: string;
  readonly podSandboxId: string;
  readonly metadata: { readonly name: string; readonly attempt: number };
  readonly image: { readonly image: string };
  readonly imageRef: string;
  readonly state: ContainerState;
  readonly createdAt: number;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

export interface ContainerStatus {
  readonly id: string;
  readonly metadata: { readonly name: string; readonly attempt: number };
  readonly state: ContainerState;
  readonly createdAt: number;
  readonly startedAt: number;
  readonly finishedAt: number;
  readonly exitCode: number;
  readonly image: { readonly image: string };
  readonly imageRef: string;
  readonly reason: string;
  readonly message: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly logPath: string;
}

export interface ImageInfo {
  readonly id: string;
  readonly repoTags: readonly string[];
  readonly repoDigests: readonly string[];
  readonly size: number;
  /** The runtime asks that it never be garbage-collected. */
  readonly pinned: boolean;
}

/** CRI's AuthConfig: registry credentials for one pull. */
export interface PullAuth {
  readonly username?: string;
  readonly password?: string;
  readonly auth?: string;
  readonly serverAddress?: string;
  readonly identityToken?: string;
  readonly registryToken?: string;
}

/** A failed pull carries the runtime's error as upstream prints a gRPC error (`rpc error: code = NotFound desc = …`). */
export type PullResult = { readonly ok: true; readonly imageRef: string } | { readonly ok: false; readonly message: string };

export interface ExecResult {
  readonly stdout: Buffer;
  readonly stderr: Buffer;
  readonly exitCode: number;
}

/** One of the runtime's conditions (CRI's RuntimeCondition): RuntimeReady and NetworkReady are the ones a node needs. */
export interface RuntimeCondition {
  readonly type: string;
  readonly status: boolean;
  readonly reason: string;
  readonly message: string;
}

export interface RuntimeVersion {
  readonly runtimeName: string;
  readonly runtimeVersion: string;
}

/**
 * The CRI calls the kubelet makes. Failures reject with an Error whose
 * message is the runtime's; "not found" answers on status and remove
 * calls are values (`undefined`, or success), as the kubelet treats a
 * missing object as already gone.
 */
export interface KubeletRuntime {
  version(): Promise<RuntimeVersion>;
  /** The runtime's conditions (CRI Status). */
  status(): Promise<RuntimeCondition[]>;
  runPodSandbox(config: PodSandboxConfig, runtimeHandler?: string): Promise<string>;
  stopPodSandbox(id: string): Promise<void>;
  removePodSandbox(id: string): Promise<void>;
  podSandboxStatus(id: string): Promise<PodSandboxStatus | undefined>;
  listPodSandboxes(filter?: { readonly labelSelector?: Readonly<Record<string, string>> }): Promise<PodSandbox[]>;
  createContainer(sandboxId: string, config: ContainerConfig, sandboxConfig: PodSandboxConfig): Promise<string>;
  startContainer(id: string): Promise<void>;
  /** Sends the stop signal, then SIGKILL after `timeoutSeconds`. */
  stopContainer(id: string, timeoutSeconds: number): Promise<void>;
  removeContainer(id: string): Promise<void>;
  listContainers(filter?: { readonly podSandboxId?: string; readonly labelSelector?: Readonly<Record<string, string>> }): Promise<Container[]>;
  containerStatus(id: string): Promise<ContainerStatus | undefined>;
  execSync(id: string, command: readonly string[], timeoutSeconds: number): Promise<ExecResult>;
  /** Reopens a container's log file after the kubelet renamed it (log rotation). */
  reopenContainerLog(id: string): Promise<void>;
  imageStatus(image: string): Promise<ImageInfo | undefined>;
  pullImage(image: string, options: { readonly auth?: PullAuth; readonly sandboxConfig: PodSandboxConfig }): Promise<PullResult>;
  listImages(): Promise<ImageInfo[]>;
  /** Removes the image (every tag of it) by id or reference. */
  removeImage(image: string): Promise<void>;
  /** Where the images' file system is mounted (statfs tells its size). */
  imageFsMountpoints(): Promise<string[]>;
  /** The image the runtime runs every pod sandbox from, when it says which. */
  sandboxImage(): Promise<string | undefined>;
}
