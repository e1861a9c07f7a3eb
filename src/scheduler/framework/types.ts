/**
 * The scheduler framework's contract: the objects plugins read, the Status
 * they answer with, and one single-method interface per extension point
 * (PreFilter, Filter, PreScore, Score, NormalizeScore). A plugin is a plain
 * object with a name that implements any of them; the runner finds which by
 * the methods present. Plugins are synchronous: one scheduling cycle runs
 * in one turn of the event loop, so the caches cannot change under it.
 */
import type { KubeObject } from "../../apis/types.js";
import type { PodSpec, ResourceList } from "../../apis/common/pod-types.js";
import type { CycleState } from "./cycle-state.js";
import type { NodeInfo } from "./node-info.js";

export interface PodCondition {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
  lastProbeTime?: string | null;
  lastTransitionTime?: string;
  [field: string]: unknown;
}

export interface PodStatus {
  phase?: string;
  conditions?: PodCondition[];
  nominatedNodeName?: string;
  startTime?: string;
  [field: string]: unknown;
}

export interface Pod extends KubeObject {
  spec: PodSpec;
  status?: PodStatus;
}

export interface Taint {
  key?: string;
  value?: string;
  effect?: string;
}

export interface ContainerImage {
  names?: string[];
  sizeBytes?: number;
}

export interface Node extends KubeObject {
  spec?: { unschedulable?: boolean; taints?: Taint[]; [field: string]: unknown };
  status?: { capacity?: ResourceList; allocatable?: ResourceList; images?: ContainerImage[]; [field: string]: unknown };
}

/** Scores are normalised to 0…MAX_NODE_SCORE before weights apply. */
export const MAX_NODE_SCORE = 100;

/**
 * What a plugin answers. Unschedulable: the pod does not fit now, and
 * preempting pods may help. UnschedulableAndUnresolvable: preemption cannot
 * help (a label, a taint, a name). Skip: from PreFilter or PreScore, the
 * plugin has nothing to do for this pod and its Filter or Score is skipped.
 * Error: something broke; the pod is retried after back-off.
 */
export type Status =
  | { readonly code: "Success" }
  | { readonly code: "Skip" }
  | { readonly code: "Unschedulable" | "UnschedulableAndUnresolvable"; readonly reasons: readonly string[] }
  | { readonly code: "Error"; readonly message: string };

export type StatusCode = Status["code"];

/**
 * Cluster changes that can make a rejected pod fit. A plugin lists the
 * events that could undo its own rejections; the queue retries a pod only
 * on an event some plugin that rejected it listed.
 */
export const CLUSTER_EVENTS = [
  "NodeAdd", "NodeUpdate", "AssignedPodAdd", "AssignedPodUpdate", "AssignedPodDelete",
  "PersistentVolumeClaimAdd", "PersistentVolumeClaimUpdate", "PersistentVolumeAdd", "PersistentVolumeUpdate", "StorageClassAdd",
] as const;
export type ClusterEvent = (typeof CLUSTER_EVENTS)[number];

/** The cluster as one cycle sees it: nodes with their pods and requests. */
export interface Snapshot {
  /** Every node with a Node object, in a stable order. */
  readonly nodes: readonly NodeInfo[];
  get(name: string): NodeInfo | undefined;
  /** How many nodes report the image (by any of its names). */
  imageNodeCount(image: string): number;
  /**
   * Pods counted on any node that carry (anti-)affinity terms, and required anti-affinity terms: when
   * none do, InterPodAffinity need not look at every node (upstream's HavePodsWithAffinityList).
   */
  readonly podsWithAffinity: number;
  readonly podsWithRequiredAntiAffinity: number;
}

export interface NodeScore {
  readonly name: string;
  score: number;
}

export interface Plugin {
  readonly name: string;
  /** The cluster events that may make a pod this plugin rejected fit. */
  readonly events?: readonly ClusterEvent[];
}

/** Runs once per cycle before Filter; may reject the pod for every node, or Skip. */
export interface PreFilterPlugin extends Plugin {
  preFilter(state: CycleState): Status;
}

export interface FilterPlugin extends Plugin {
  filter(state: CycleState, node: NodeInfo): Status;
}

/** Runs once per cycle over the feasible nodes before Score; may Skip. */
export interface PreScorePlugin extends Plugin {
  preScore(state: CycleState, nodes: readonly NodeInfo[]): Status;
}

/** A raw score for one feasible node; NormalizeScore (or clamping) brings it to 0…100. */
export interface ScorePlugin extends Plugin {
  score(state: CycleState, node: NodeInfo): number;
}

export interface NormalizeScorePlugin extends Plugin {
  normalizeScore(state: CycleState, scores: NodeScore[]): void;
}

/**
 * Runs after a node is chosen, before the pod is bound, and may wait on the
 * API (upstream's PreBind): anything but Success sends the pod back to the
 * queue instead of binding it.
 */
export interface PreBindPlugin extends Plugin {
  preBind(state: CycleState, nodeName: string): Promise<Status>;
}

/** A cache of one kind's objects, by namespace ("" when cluster-scoped) and name. */
export interface ObjectLister {
  get(namespace: string, name: string): KubeObject | undefined;
  list(namespace?: string): KubeObject[];
}

/** What plugins may use beyond the node snapshot (upstream's framework Handle). */
export interface PluginHandle {
  readonly claims: ObjectLister;
  readonly volumes: ObjectLister;
  readonly storageClasses: ObjectLister;
  /** Writes a PersistentVolumeClaim (PreBind annotates claims with the chosen node). */
  readonly updateClaim: (claim: KubeObject) => Promise<KubeObject>;
}

/** A plugin with whichever extension points it implements. */
export type SchedulerPlugin = Plugin & Partial<PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin & NormalizeScorePlugin & PreBindPlugin>;
