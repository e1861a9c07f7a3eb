/**
 * What one reconcile of a job carries between its steps (upstream's
 * syncJobCtx), and the controller machinery the steps share.
 */
import type { EventRecorder, ResourceClient } from "../../client/index.js";
import type { PodExpectations } from "../expectations.js";
import type { BackoffDelays, BackoffRecord, BackoffStore } from "./backoff.js";
import type { FinalizerExpectations } from "./finalizer-expectations.js";
import type { Intervals } from "./indexes.js";
import type { PodControl } from "./pod-control.js";
import type { Job, JobCondition, Pod } from "./types.js";

export interface Machinery {
  readonly podControl: PodControl;
  readonly jobs: ResourceClient;
  readonly recorder: EventRecorder;
  readonly expectations: PodExpectations;
  readonly finalizers: FinalizerExpectations;
  readonly backoff: BackoffStore;
  readonly delays: BackoffDelays;
  /** The clock, epoch milliseconds. */
  readonly now: () => number;
  /** Looks at the job again after `delayMs`. */
  readonly requeue: (key: string, delayMs: number) => void;
}

export interface SyncContext {
  readonly key: string;
  /** A private copy, replaced by the stored one after each status write. */
  job: Job;
  /** The job's pods as the cache shows them (shared: never mutate). */
  readonly pods: readonly Pod[];
  readonly activePods: readonly Pod[];
  ready: number;
  terminating: number;
  succeeded: number;
  failed: number;
  /** status.uncountedTerminatedPods as it was read. */
  readonly uncounted: { readonly succeeded: ReadonlySet<string>; readonly failed: ReadonlySet<string> };
  /** Pods whose tracking finalizer was removed but the cache does not show it yet. */
  readonly expectedRemovals: ReadonlySet<string>;
  readonly newBackoff: BackoffRecord;
  /** The condition that finishes the job once every pod is counted, if any. */
  finished: JobCondition | undefined;
  /** Indexed jobs: completedIndexes before this sync, and with this sync's successes. */
  readonly previousSucceededIndexes: Intervals;
  succeededIndexes: Intervals;
}
