/**
 * The CRI messages as TypeScript sees them through proto-loader with the
 * options in client.ts. The conventions, fixed for every message:
 *
 * - field names are camelCase (`podSandboxId`), as descriptor.json has them;
 * - int64/uint64 are JS numbers. Nanosecond timestamps (~1.7e18) lose their
 *   last ~8 bits that way, i.e. sub-microsecond precision nobody shows; byte
 *   sizes and limits stay exact below 8 PiB;
 * - enums are their names as strings (`"CONTAINER_RUNNING"`), both ways;
 * - `bytes` are Buffers;
 * - responses carry every field: scalars default to 0/""/false, lists to [],
 *   maps to {}, and an absent sub-message is `null`;
 * - requests take only the fields you set (all optional).
 */

export type Labels = Readonly<Record<string, string>>;

// ---- enums ----
export type Protocol = "TCP" | "UDP" | "SCTP";
export type MountPropagation = "PROPAGATION_PRIVATE" | "PROPAGATION_HOST_TO_CONTAINER" | "PROPAGATION_BIDIRECTIONAL";
/** POD: shared by the pod's containers; NODE: the host's (hostNetwork, hostPID, hostIPC); CONTAINER: its own. */
export type NamespaceMode = "POD" | "CONTAINER" | "NODE" | "TARGET";
export type PodSandboxState = "SANDBOX_READY" | "SANDBOX_NOTREADY";
export type ContainerState = "CONTAINER_CREATED" | "CONTAINER_RUNNING" | "CONTAINER_EXITED" | "CONTAINER_UNKNOWN";
export type ProfileType = "RuntimeDefault" | "Unconfined" | "Localhost";

// ---- shared pieces (request side) ----
export interface ImageSpec {
  readonly image?: string;
  readonly annotations?: Labels;
  readonly userSpecifiedImage?: string;
}
export interface KeyValue {
  readonly key: string;
  readonly value: string;
}
export interface Int64Value {
  readonly value: number;
}
export interface PortMapping {
  readonly protocol?: Protocol;
  readonly containerPort?: number;
  readonly hostPort?: number;
  readonly hostIp?: string;
}
export interface DnsConfig {
  readonly servers?: readonly string[];
  readonly searches?: readonly string[];
  readonly options?: readonly string[];
}
export interface Mount {
  readonly containerPath: string;
  readonly hostPath: string;
  readonly readonly?: boolean;
  readonly selinuxRelabel?: boolean;
  readonly propagation?: MountPropagation;
}
export interface Device {
  readonly containerPath: string;
  readonly hostPath: string;
  readonly permissions?: string;
}
export interface NamespaceOption {
  readonly network?: NamespaceMode;
  readonly pid?: NamespaceMode;
  readonly ipc?: NamespaceMode;
  readonly targetId?: string;
}
export interface SecurityProfile {
  readonly profileType?: ProfileType;
  readonly localhostRef?: string;
}
export interface Capability {
  readonly addCapabilities?: readonly string[];
  readonly dropCapabilities?: readonly string[];
  readonly addAmbientCapabilities?: readonly string[];
}
export interface LinuxContainerResources {
  readonly cpuPeriod?: number;
  readonly cpuQuota?: number;
  readonly cpuShares?: number;
  readonly memoryLimitInBytes?: number;
  readonly oomScoreAdj?: number;
  readonly cpusetCpus?: string;
  readonly cpusetMems?: string;
  readonly unified?: Labels;
  readonly memorySwapLimitInBytes?: number;
}

// ---- sandboxes ----
export interface PodSandboxMetadata {
  readonly name: string;
  readonly uid: string;
  readonly namespace: string;
  readonly attempt?: number;
}
export interface LinuxSandboxSecurityContext {
  readonly namespaceOptions?: NamespaceOption;
  readonly runAsUser?: Int64Value;
  readonly runAsGroup?: Int64Value;
  readonly readonlyRootfs?: boolean;
  readonly supplementalGroups?: readonly number[];
  readonly privileged?: boolean;
  readonly seccomp?: SecurityProfile;
  readonly apparmor?: SecurityProfile;
}
export interface LinuxPodSandboxConfig {
  /** cgroupfs syntax, e.g. `/kubepods/pod<uid>`. */
  readonly cgroupParent?: string;
  readonly securityContext?: LinuxSandboxSecurityContext;
  readonly sysctls?: Labels;
  readonly overhead?: LinuxContainerResources;
  readonly resources?: LinuxContainerResources;
}
export interface PodSandboxConfig {
  readonly metadata: PodSandboxMetadata;
  /** Must be "" when the network namespace is NODE (containerd refuses otherwise). */
  readonly hostname?: string;
  /** Absolute; container log paths are relative to it. */
  readonly logDirectory?: string;
  readonly dnsConfig?: DnsConfig;
  readonly portMappings?: readonly PortMapping[];
  readonly labels?: Labels;
  readonly annotations?: Labels;
  readonly linux?: LinuxPodSandboxConfig;
}
export interface PodSandboxFilter {
  readonly id?: string;
  readonly state?: { readonly state: PodSandboxState };
  readonly labelSelector?: Labels;
}

// ---- containers ----
export interface LinuxContainerSecurityContext {
  readonly capabilities?: Capability;
  readonly privileged?: boolean;
  readonly namespaceOptions?: NamespaceOption;
  readonly runAsUser?: Int64Value;
  readonly runAsUsername?: string;
  readonly runAsGroup?: Int64Value;
  readonly readonlyRootfs?: boolean;
  readonly supplementalGroups?: readonly number[];
  readonly noNewPrivs?: boolean;
  readonly maskedPaths?: readonly string[];
  readonly readonlyPaths?: readonly string[];
  readonly seccomp?: SecurityProfile;
  readonly apparmor?: SecurityProfile;
}
export interface ContainerConfig {
  readonly metadata: { readonly name: string; readonly attempt?: number };
  readonly image: ImageSpec;
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  readonly workingDir?: string;
  readonly envs?: readonly KeyValue[];
  readonly mounts?: readonly Mount[];
  readonly devices?: readonly Device[];
  readonly labels?: Labels;
  readonly annotations?: Labels;
  /** Relative to the sandbox's logDirectory. */
  readonly logPath?: string;
  readonly stdin?: boolean;
  readonly stdinOnce?: boolean;
  readonly tty?: boolean;
  readonly linux?: { readonly resources?: LinuxContainerResources; readonly securityContext?: LinuxContainerSecurityContext };
}
export interface ContainerFilter {
  readonly id?: string;
  readonly state?: { readonly state: ContainerState };
  readonly podSandboxId?: string;
  readonly labelSelector?: Labels;
}

// ---- responses ----
export interface VersionResponse {
  readonly version: string;
  readonly runtimeName: string;
  readonly runtimeVersion: string;
  readonly runtimeApiVersion: string;
}
export interface RuntimeCondition {
  readonly type: string;
  readonly status: boolean;
  readonly reason: string;
  readonly message: string;
}
export interface StatusResponse {
  readonly status: { readonly conditions: readonly RuntimeCondition[] } | null;
  readonly info: Labels;
}
export interface ImageSpecOut {
  readonly image: string;
  readonly annotations: Labels;
  readonly userSpecifiedImage: string;
}
export interface PodSandboxMetadataOut {
  readonly name: string;
  readonly uid: string;
  readonly namespace: string;
  readonly attempt: number;
}
export interface PodSandbox {
  readonly id: string;
  readonly metadata: PodSandboxMetadataOut | null;
  readonly state: PodSandboxState;
  /** Nanoseconds since the epoch. */
  readonly createdAt: number;
  readonly labels: Labels;
  readonly annotations: Labels;
  readonly runtimeHandler: string;
}
export interface PodSandboxStatus extends PodSandbox {
  readonly network: { readonly ip: string; readonly additionalIps: readonly { readonly ip: string }[] } | null;
  readonly linux: { readonly namespaces: { readonly options: Required<NamespaceOption> | null } | null } | null;
}
export interface PodSandboxStatusResponse {
  readonly status: PodSandboxStatus | null;
  /** JSON values; filled only with verbose. */
  readonly info: Labels;
}
export interface ContainerMetadataOut {
  readonly name: string;
  readonly attempt: number;
}
export interface Container {
  readonly id: string;
  readonly podSandboxId: string;
  readonly metadata: ContainerMetadataOut | null;
  readonly image: ImageSpecOut | null;
  readonly imageRef: string;
  readonly state: ContainerState;
  /** Nanoseconds since the epoch. */
  readonly createdAt: number;
  readonly labels: Labels;
  readonly annotations: Labels;
  readonly imageId: string;
}
export interface MountOut {
  readonly containerPath: string;
  readonly hostPath: string;
  readonly readonly: boolean;
  readonly selinuxRelabel: boolean;
  readonly propagation: MountPropagation;
}
export interface ContainerStatus {
  readonly id: string;
  readonly metadata: ContainerMetadataOut | null;
  readonly state: ContainerState;
  /** Nanoseconds since the epoch; startedAt and finishedAt are 0 until they happen. */
  readonly createdAt: number;
  readonly startedAt: number;
  readonly finishedAt: number;
  readonly exitCode: number;
  readonly image: ImageSpecOut | null;
  /** containerd gives the image's digest reference (`docker.io/library/x@sha256:…` or `sha256:…`). */
  readonly imageRef: string;
  /** "OOMKilled", "Completed", "Error"… */
  readonly reason: string;
  readonly message: string;
  readonly labels: Labels;
  readonly annotations: Labels;
  readonly mounts: readonly MountOut[];
  /** Absolute path of the CRI-format log file. */
  readonly logPath: string;
  readonly resources: { readonly linux: Required<Omit<LinuxContainerResources, "unified">> & { readonly unified: Labels } | null } | null;
  readonly imageId: string;
}
export interface ContainerStatusResponse {
  readonly status: ContainerStatus | null;
  readonly info: Labels;
}
export interface ExecSyncResponse {
  readonly stdout: Buffer;
  readonly stderr: Buffer;
  readonly exitCode: number;
}
export interface UInt64Value {
  readonly value: number;
}
export interface FilesystemUsage {
  readonly timestamp: number;
  readonly fsId: { readonly mountpoint: string } | null;
  readonly usedBytes: UInt64Value | null;
  readonly inodesUsed: UInt64Value | null;
}
export interface ContainerStats {
  readonly attributes: { readonly id: string; readonly metadata: ContainerMetadataOut | null; readonly labels: Labels; readonly annotations: Labels } | null;
  readonly cpu: { readonly timestamp: number; readonly usageCoreNanoSeconds: UInt64Value | null; readonly usageNanoCores: UInt64Value | null } | null;
  readonly memory: {
    readonly timestamp: number;
    readonly workingSetBytes: UInt64Value | null;
    readonly availableBytes: UInt64Value | null;
    readonly usageBytes: UInt64Value | null;
    readonly rssBytes: UInt64Value | null;
    readonly pageFaults: UInt64Value | null;
    readonly majorPageFaults: UInt64Value | null;
  } | null;
  readonly writableLayer: FilesystemUsage | null;
}
export interface Image {
  /** `sha256:<config digest>`: the same value as ContainerStatus.imageId. */
  readonly id: string;
  readonly repoTags: readonly string[];
  readonly repoDigests: readonly string[];
  readonly size: number;
  readonly uid: Int64Value | null;
  readonly username: string;
  readonly spec: ImageSpecOut | null;
  readonly pinned: boolean;
}
export interface ImageStatusResponse {
  /** null when the image is not present. */
  readonly image: Image | null;
  readonly info: Labels;
}
export interface ImageFsInfoResponse {
  readonly imageFilesystems: readonly FilesystemUsage[];
  readonly containerFilesystems: readonly FilesystemUsage[];
}
