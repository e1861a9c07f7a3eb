/**
 * Job conditions as upstream writes them: the interim FailureTarget and
 * SuccessCriteriaMet, then the terminal Failed or Complete (the ones
 * `kubectl wait --for=condition=complete` and the TTL controller read).
 */
import { timestamp } from "../../machinery/time.js";
import { CONDITION, type Job, type JobCondition, type JobConditionType } from "./types.js";

export function newCondition(type: JobConditionType, reason: string, message: string, now: number, status: JobCondition["status"] = "True"): JobCondition {
  const time = timestamp(now);
  return { type, status, lastProbeTime: time, lastTransitionTime: time, reason, message };
}

export function findCondition(job: Job, type: JobConditionType): JobCondition | undefined {
  return job.status?.conditions?.find((condition) => condition.type === type);
}

const isTrue = (job: Job, type: JobConditionType): boolean => findCondition(job, type)?.status === "True";

export function isFinished(job: Job): boolean {
  return isTrue(job, CONDITION.complete) || isTrue(job, CONDITION.failed);
}

/**
 * Sets the condition if its status, reason or message differ; a False
 * condition is only written over an existing one (absent already says so).
 * Returns whether anything changed.
 */
export function ensureCondition(job: Job, wanted: JobCondition): boolean {
  const conditions = ((job.status ??= {}).conditions ??= []);
  const index = conditions.findIndex((condition) => condition.type === wanted.type);
  const existing = conditions[index];
  if (existing) {
    if (existing.status === wanted.status && existing.reason === wanted.reason && existing.message === wanted.message) return false;
    conditions[index] = wanted;
    return true;
  }
  if (wanted.status === "False") return false;
  conditions.push(wanted);
  return true;
}
