import { test } from "node:test";
import assert from "node:assert/strict";
import { parseCronSchedule } from "./cron.js";
import { mostRecentScheduleTime, nextScheduleDelay, NEXT_SCHEDULE_DELTA_MS, type Missed } from "./schedule-times.js";

const at = (iso: string): number => Date.parse(iso);

function hourly() {
  const parsed = parseCronSchedule("0 * * * *", { timeZone: "UTC" });
  assert.ok(parsed.ok);
  return parsed.schedule;
}

const CASES: readonly {
  readonly why: string;
  readonly last: string;
  readonly now: string;
  readonly deadline?: number;
  readonly time: string | undefined;
  readonly missed: Missed;
  readonly nextIn: number;
}[] = [
  { why: "nothing due yet", last: "2024-01-01T10:10:00Z", now: "2024-01-01T10:50:00Z", time: undefined, missed: "none", nextIn: 10 * 60_000 },
  { why: "one run due", last: "2024-01-01T10:10:00Z", now: "2024-01-01T11:05:00Z", time: "2024-01-01T11:00:00Z", missed: "none", nextIn: 55 * 60_000 },
  { why: "three missed: the latest counts", last: "2024-01-01T10:10:00Z", now: "2024-01-01T13:30:00Z", time: "2024-01-01T13:00:00Z", missed: "few", nextIn: 30 * 60_000 },
  { why: "more than 100 missed", last: "2024-01-01T00:00:00Z", now: "2024-01-10T00:30:00Z", time: "2024-01-10T00:00:00Z", missed: "many", nextIn: 30 * 60_000 },
  {
    why: "the starting deadline bounds how far back runs count",
    last: "2024-01-01T00:00:00Z",
    now: "2024-01-10T00:30:00Z",
    deadline: 3600,
    time: "2024-01-10T00:00:00Z",
    missed: "none",
    nextIn: 30 * 60_000,
  },
  { why: "a deadline that excludes the due run", last: "2024-01-01T10:10:00Z", now: "2024-01-01T11:05:00Z", deadline: 60, time: undefined, missed: "none", nextIn: 55 * 60_000 },
];

test("the most recent due time and when to look again", () => {
  for (const c of CASES) {
    const state = { schedule: hourly(), lastScheduled: at(c.last), ...(c.deadline !== undefined ? { startingDeadlineSeconds: c.deadline } : {}) };
    const recent = mostRecentScheduleTime(state, at(c.now), { withDeadline: true });
    assert.equal(recent.time === undefined ? undefined : new Date(recent.time).toISOString(), c.time && new Date(c.time).toISOString(), c.why);
    assert.equal(recent.missed, c.missed, c.why);
    assert.equal(nextScheduleDelay(state, at(c.now)), c.nextIn + NEXT_SCHEDULE_DELTA_MS, c.why);
  }
});
