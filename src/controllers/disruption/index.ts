/**
 * The disruption controller's front door: PodDisruptionBudget status, and
 * the cleanup of stale DisruptionTarget pod conditions. What the eviction
 * subresource shares with it (status fields, the DisruptionAllowed
 * condition) is in apis/common/disruption-budget.ts.
 */
import { runController } from "../controller.js";
import type { ControllerContext } from "../index.js";
import { DisruptionController } from "./controller.js";
import { StaleDisruptionCleaner } from "./stale-condition.js";

export function startDisruptionController(context: ControllerContext): void {
  const log = context.log.child("disruption-controller");
  const controller = new DisruptionController(context, log);
  runController({ name: "disruption-controller", queue: controller.queue, sync: (key) => controller.sync(key), log }, context.signal);
  const cleaner = new StaleDisruptionCleaner(context);
  runController({ name: "disruption-controller-stale-conditions", queue: cleaner.queue, sync: (key) => cleaner.sync(key), log }, context.signal);
}

