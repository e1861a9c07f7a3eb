/**
 * The ReplicaSet controller's front door, and the pieces other workload
 * controllers share with it (controller references and claiming, pod
 * predicates, conflict-retrying updates).
 */
import { runController } from "../controller.js";
import type { ControllerContext } from "../index.js";
import { ReplicaSetController } from "./controller.js";

/** Concurrent syncs, as upstream's ConcurrentRSSyncs. */
const WORKERS = 5;

export function startReplicaSetController(context: ControllerContext): void {
  const log = context.log.child("replicaset-controller");
  const controller = new ReplicaSetController(context, log);
  runController({ name: "replicaset-controller", queue: controller.queue, sync: (key) => controller.sync(key), workers: WORKERS, log }, context.signal);
}

export {
  BY_CONTROLLER_UID,
  ORPHANS_BY_NAMESPACE,
  addControllerIndexes,
  claimCandidates,
  claimObjects,
  controllerRefOf,
  newControllerRef,
  type ClaimOptions,
} from "./controller-ref.js";
export { OwnWrites } from "./own-writes.js";
export { podFromTemplate } from "./pods.js";
export { replicaSetSpecOf, replicaSetStatusOf } from "./status.js";
export type { ReplicaSetCondition, ReplicaSetSpec, ReplicaSetStatus } from "./types.js";
export { isAlreadyExists, isNamespaceTerminating, updateWithRetry, type UpdateTarget } from "./update.js";
