/**
 * The scheduler, as one of the control plane's loops: `startScheduler` is
 * a ControllerStarter. It registers its pod and node informers on the
 * shared factory and starts scheduling once they have synced.
 */
import type { ControllerContext } from "../controllers/index.js";
import { Scheduler } from "./scheduler.js";

export function startScheduler(context: ControllerContext): void {
  const log = context.log.child("scheduler");
  const scheduler = new Scheduler({ client: context.client, informers: context.informers, log });
  scheduler.run(context.signal).catch((error: unknown) => log.error("scheduler stopped", { error: String(error) }));
}

export { Scheduler, type SchedulerOptions } from "./scheduler.js";
export { buildProfiles, DEFAULT_PLUGINS, DEFAULT_PROFILE, DEFAULT_SCHEDULER_NAME, type ProfileConfig, type PluginSetting } from "./profiles.js";
export { PLUGIN_REGISTRY, type PluginName } from "./plugins/index.js";
