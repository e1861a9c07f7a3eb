/**
 * Which scheduled time a CronJob should run now, and when to look again
 * (upstream's mostRecentScheduleTime, nextScheduleTime and
 * nextScheduleTimeDuration). Times are epoch milliseconds.
 */
import type { CronSchedule } from "./cron.js";

/** How the controller counts missed runs: none, a few, or more than 100 (a clock or config problem). */
export type Missed = "none" | "few" | "many";

export interface ScheduleState {
  readonly schedule: CronSchedule;
  /** status.lastScheduleTime, else the CronJob's creation time. */
  readonly lastScheduled: number;
  readonly startingDeadlineSeconds?: number;
}

export interface MostRecent {
  /** Where counting started: the last schedule time, later the starting deadline. */
  readonly earliest: number;
  /** The latest scheduled time not after now, if any since `earliest`. */
  readonly time: number | undefined;
  readonly missed: Missed;
  /** Set for schedules that fire twice within a second (e.g. Feb 31st resolves oddly): upstream refuses them. */
  readonly error?: string;
}

/** Upstream's padding on requeues, against small clock skews. */
export const NEXT_SCHEDULE_DELTA_MS = 100;
const MANY_MISSED = 100;

export function mostRecentScheduleTime(state: ScheduleState, now: number, options: { withDeadline: boolean }): MostRecent {
  let earliest = state.lastScheduled;
  if (options.withDeadline && state.startingDeadlineSeconds !== undefined) {
    // Nothing older than the deadline will be started anyway.
    earliest = Math.max(earliest, now - state.startingDeadlineSeconds * 1000);
  }
  const first = state.schedule.next(earliest);
  if (first === undefined || now < first) return { earliest, time: undefined, missed: "none" };
  const second = state.schedule.next(first);
  if (second === undefined || now < second) return { earliest, time: first, missed: "none" };
  const interval = Math.round((second - first) / 1000);
  if (interval < 1) return { earliest, time: undefined, missed: "none", error: "time difference between two schedules is less than 1 second" };
  // Estimate the number of missed runs from the first interval, then walk only the last stretch.
  const missedCount = Math.trunc((now - first) / 1000 / interval) + 1;
  let time: number | undefined;
  for (let t = state.schedule.next(first + (missedCount - 2) * interval * 1000); t !== undefined && t <= now; t = state.schedule.next(t)) time = t;
  const missed: Missed = missedCount > MANY_MISSED ? "many" : "few";
  return { earliest, time, missed };
}

/** How long until the controller should look at the CronJob again, padded by NEXT_SCHEDULE_DELTA_MS. */
export function nextScheduleDelay(state: ScheduleState, now: number): number | undefined {
  const recent = mostRecentScheduleTime(state, now, { withDeadline: false });
  let from: number;
  if (recent.error !== undefined) from = now;
  else if (recent.time !== undefined) from = recent.time;
  else from = recent.missed === "none" ? recent.earliest : now;
  const next = state.schedule.next(from);
  return next === undefined ? undefined : next + NEXT_SCHEDULE_DELTA_MS - now;
}
