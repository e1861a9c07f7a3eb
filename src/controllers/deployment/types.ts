/**
 * Typed views of the Deployment fields the controller reads and writes,
 * and the context every part of a sync shares.
 */
import type { KubeObject } from "../../apis/types.js";
import type { EventRecorder, Informer, ResourceClient, WorkQueue } from "../../client/index.js";
import type { Logger } from "../../log.js";
import type { DeploymentSpec } from "../../apis/deployment.js";
import type { OwnWrites, ReplicaSetSpec, ReplicaSetStatus } from "../replicaset/index.js";

export type { DeploymentSpec };

export interface DeploymentCondition {
  type: string;
  status: string;
  lastUpdateTime?: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

/** Zero counts are omitted, as upstream's `omitempty` JSON does; collisionCount is a pointer upstream, kept when 0. */
export interface DeploymentStatus {
  observedGeneration?: number;
  replicas?: number;
  updatedReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  unavailableReplicas?: number;
  conditions?: DeploymentCondition[];
  collisionCount?: number;
}

/** What the pieces of a sync share: clients, caches, events and the queue (for delayed requeues). */
export interface DeploymentContext {
  readonly deploymentClient: ResourceClient;
  readonly replicaSetClient: ResourceClient;
  readonly replicaSets: Informer;
  readonly pods: Informer;
  readonly recorder: EventRecorder;
  readonly queue: WorkQueue;
  /** Deployments and ReplicaSets this controller wrote, until the cache has caught up. */
  readonly ownWrites: OwnWrites;
  readonly log: Logger;
}

export function deploymentSpec(d: KubeObject): DeploymentSpec {
  return (d.spec ?? {}) as DeploymentSpec;
}

/** The status of a Deployment being synced (a private copy), created empty if missing. */
export function deploymentStatus(d: KubeObject): DeploymentStatus {
  d.status ??= {};
  return d.status as DeploymentStatus;
}

export function desiredReplicas(d: KubeObject): number {
  return deploymentSpec(d).replicas ?? 1;
}

export function rsSpec(rs: KubeObject): ReplicaSetSpec {
  return (rs.spec ?? {}) as ReplicaSetSpec;
}

export function rsStatus(rs: KubeObject): Partial<ReplicaSetStatus> {
  return (rs.status ?? {}) as Partial<ReplicaSetStatus>;
}

export function rsReplicas(rs: KubeObject): number {
  return rsSpec(rs).replicas ?? 1;
}

/** One sync of one Deployment: its private copy, and its ReplicaSets kept current as the sync writes them. */
export interface SyncState {
  readonly ctx: DeploymentContext;
  readonly d: KubeObject;
  readonly rsList: KubeObject[];
}

/** Records a ReplicaSet the sync wrote, so later steps of the same sync (and later syncs) know it. */
export function remember(s: SyncState, rs: KubeObject): void {
  s.ctx.ownWrites.record(rs);
  const i = s.rsList.findIndex((r) => r.metadata.uid === rs.metadata.uid);
  if (i >= 0) s.rsList[i] = rs;
  else s.rsList.push(rs);
}
