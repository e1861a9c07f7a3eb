/**
 * The Deployment controller's front door. The pieces follow upstream's
 * split: sync.ts (claiming, scaling, cleanup), new-replicaset.ts (revision
 * and hash), rolling.ts, recreate.ts, rollback.ts, progress.ts (status and
 * conditions).
 */
import { runController } from "../controller.js";
import type { ControllerContext } from "../index.js";
import { DeploymentController } from "./controller.js";

/** Concurrent syncs, as upstream's ConcurrentDeploymentSyncs. */
const WORKERS = 5;

export function startDeploymentController(context: ControllerContext): void {
  const log = context.log.child("deployment-controller");
  const controller = new DeploymentController(context, log);
  runController({ name: "deployment-controller", queue: controller.queue, sync: (key) => controller.sync(key), workers: WORKERS, log }, context.signal);
}
