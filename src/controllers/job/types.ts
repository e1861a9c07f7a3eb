/**
 * The parts of Jobs and Pods the job controller reads and writes, and the
 * names the wire fixes (finalizer, annotations, labels, condition types).
 */
import type { JobSpec } from "../../apis/common/job-spec.js";
import type { PodSpec, PodStatus } from "../../apis/common/pod-types.js";
import type { KubeObject } from "../../apis/types.js";

/** Keeps a finished pod until the controller has counted it, so deleted pods are never lost from the counts. */
export const TRACKING_FINALIZER = "batch.kubernetes.io/job-tracking";
/** Annotation (and, with PodIndexLabel, label) carrying an Indexed job pod's index. */
export const COMPLETION_INDEX = "batch.kubernetes.io/job-completion-index";
export const COMPLETION_INDEX_ENV = "JOB_COMPLETION_INDEX";
/** The one controller that may manage a Job with spec.managedBy set. */
export const JOB_CONTROLLER_NAME = "kubernetes.io/job-controller";

export const CONDITION = {
  complete: "Complete",
  failed: "Failed",
  suspended: "Suspended",
  failureTarget: "FailureTarget",
  successCriteriaMet: "SuccessCriteriaMet",
} as const;
export type JobConditionType = (typeof CONDITION)[keyof typeof CONDITION];

export interface JobCondition {
  type: JobConditionType;
  status: "True" | "False" | "Unknown";
  lastProbeTime?: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

export interface UncountedTerminatedPods {
  succeeded?: string[];
  failed?: string[];
}

export interface JobStatus {
  conditions?: JobCondition[];
  startTime?: string;
  completionTime?: string;
  active?: number;
  succeeded?: number;
  failed?: number;
  terminating?: number;
  ready?: number;
  completedIndexes?: string;
  uncountedTerminatedPods?: UncountedTerminatedPods;
}

export interface Job extends KubeObject {
  spec?: JobSpec;
  status?: JobStatus;
}

export interface Pod extends KubeObject {
  spec?: PodSpec;
  status?: PodStatus;
}
