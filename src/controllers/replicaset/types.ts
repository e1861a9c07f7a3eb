/**
 * The parts of ReplicaSet and Pod objects this controller reads and
 * writes, as typed views over the JSON (src/apis keeps its own types
 * private to each kind file).
 */
import type { ReplicaSetSpec } from "../../apis/replicaset.js";

export type { ReplicaSetSpec };

export interface ReplicaSetCondition {
  type: string;
  status: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

/** Zero counts are omitted, as upstream's `omitempty` JSON does; `replicas` is always present. */
export interface ReplicaSetStatus {
  replicas: number;
  fullyLabeledReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  observedGeneration?: number;
  conditions?: ReplicaSetCondition[];
}

