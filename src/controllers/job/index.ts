/**
 * Jobs: the Job controller (pods until enough succeed, with back-off,
 * deadlines, failure and success policies, Indexed mode, suspend) and the
 * TTL-after-finished controller that deletes finished Jobs.
 */
export { startJobController, type JobControllerOptions } from "./controller.js";
export { startTtlAfterFinishedController, type TtlAfterFinishedOptions } from "./ttl.js";
