import { test } from "node:test";
import assert from "node:assert/strict";
import { parseCronSchedule } from "./cron.js";

interface NextCase {
  readonly schedule: string;
  readonly from: string;
  readonly next: string | undefined;
  /** The zone of schedules without a prefix; UTC unless given. */
  readonly timeZone?: string;
  readonly why: string;
}

const NEXT: readonly NextCase[] = [
  { schedule: "* * * * *", from: "2024-01-01T10:07:30Z", next: "2024-01-01T10:08:00Z", why: "every minute, on the minute" },
  { schedule: "* * * * *", from: "2024-01-01T10:07:00Z", next: "2024-01-01T10:08:00Z", why: "strictly after the given time" },
  { schedule: "*/15 * * * *", from: "2024-01-01T10:07:30Z", next: "2024-01-01T10:15:00Z", why: "steps" },
  { schedule: "5/20 * * * *", from: "2024-01-01T10:30:00Z", next: "2024-01-01T10:45:00Z", why: "n/step runs from n to the maximum" },
  { schedule: "0,30 8-10 * * *", from: "2024-01-01T10:30:00Z", next: "2024-01-02T08:00:00Z", why: "lists and ranges, wrapping to the next day" },
  { schedule: "10-40/15 * * * *", from: "2024-01-01T10:26:00Z", next: "2024-01-01T10:40:00Z", why: "a stepped range" },
  { schedule: "0 9 * * mon-fri", from: "2024-01-06T12:00:00Z", next: "2024-01-08T09:00:00Z", why: "day names: Saturday to Monday" },
  { schedule: "0 9 * * MON-FRI", from: "2024-01-06T12:00:00Z", next: "2024-01-08T09:00:00Z", why: "names ignore case" },
  { schedule: "0 0 1 jan *", from: "2024-01-01T00:00:00Z", next: "2025-01-01T00:00:00Z", why: "month names, into next year" },
  { schedule: "5 4 * * sun", from: "2024-01-01T00:00:00Z", next: "2024-01-07T04:05:00Z", why: "Sundays are 0" },
  { schedule: "0 0 31 * *", from: "2024-03-31T00:00:00Z", next: "2024-05-31T00:00:00Z", why: "months without the 31st are skipped" },
  { schedule: "0 0 29 2 *", from: "2025-01-01T00:00:00Z", next: "2028-02-29T00:00:00Z", why: "leap days" },
  { schedule: "0 0 30 2 *", from: "2025-01-01T00:00:00Z", next: undefined, why: "a date that never comes" },
  { schedule: "0 0 * * 1", from: "2024-01-02T00:00:00Z", next: "2024-01-08T00:00:00Z", why: "day-of-month `*`: only the weekday counts" },
  { schedule: "0 0 1 * 1", from: "2024-01-02T00:00:00Z", next: "2024-01-08T00:00:00Z", why: "both restricted: either matches (a Monday first)" },
  { schedule: "0 0 13 * 5", from: "2024-01-06T00:00:00Z", next: "2024-01-12T00:00:00Z", why: "both restricted: Friday before the 13th" },
  { schedule: "0 0 */2 * 1", from: "2024-01-01T00:00:00Z", next: "2024-01-03T00:00:00Z", why: "`*/2` is not a star: either matches" },
  { schedule: "0 0 */1 * 1", from: "2024-01-02T00:00:00Z", next: "2024-01-08T00:00:00Z", why: "`*/1` keeps the star: weekday only" },
  { schedule: "0 0 ? * 1", from: "2024-01-02T00:00:00Z", next: "2024-01-08T00:00:00Z", why: "`?` is a star" },
  { schedule: "@hourly", from: "2024-01-01T10:07:30Z", next: "2024-01-01T11:00:00Z", why: "@hourly" },
  { schedule: "@daily", from: "2024-01-01T10:07:30Z", next: "2024-01-02T00:00:00Z", why: "@daily" },
  { schedule: "@midnight", from: "2024-01-01T10:07:30Z", next: "2024-01-02T00:00:00Z", why: "@midnight" },
  { schedule: "@weekly", from: "2024-01-01T10:07:30Z", next: "2024-01-07T00:00:00Z", why: "@weekly runs on Sunday" },
  { schedule: "@monthly", from: "2024-01-15T00:00:00Z", next: "2024-02-01T00:00:00Z", why: "@monthly" },
  { schedule: "@yearly", from: "2024-01-15T00:00:00Z", next: "2025-01-01T00:00:00Z", why: "@yearly" },
  { schedule: "@annually", from: "2024-01-15T00:00:00Z", next: "2025-01-01T00:00:00Z", why: "@annually" },
  { schedule: "@every 1h30m", from: "2024-01-01T10:07:30.500Z", next: "2024-01-01T11:37:30Z", why: "@every counts from the whole second" },
  { schedule: "@every 300ms", from: "2024-01-01T10:07:30Z", next: "2024-01-01T10:07:31Z", why: "@every is at least a second" },
  { schedule: "0 12 * * *", timeZone: "America/New_York", from: "2024-01-10T00:00:00Z", next: "2024-01-10T17:00:00Z", why: "a zone in winter" },
  { schedule: "0 12 * * *", timeZone: "America/New_York", from: "2024-07-10T00:00:00Z", next: "2024-07-10T16:00:00Z", why: "a zone in summer" },
  { schedule: "CRON_TZ=Asia/Kolkata 0 9 * * *", from: "2024-01-01T00:00:00Z", next: "2024-01-01T03:30:00Z", why: "CRON_TZ prefix, half-hour offset" },
  { schedule: "TZ=Asia/Tokyo 0 9 * * *", timeZone: "America/New_York", from: "2023-12-31T20:00:00Z", next: "2024-01-01T00:00:00Z", why: "TZ prefix wins" },
  { schedule: "TZ=Asia/Tokyo 0 9 * * *", from: "2024-01-01T00:00:00Z", next: "2024-01-02T00:00:00Z", why: "TZ prefix, strictly after" },
  { schedule: "30 2 * * *", timeZone: "America/New_York", from: "2024-03-10T04:00:00Z", next: "2024-03-11T06:30:00Z", why: "spring forward skips 02:30" },
  { schedule: "30 1 * * *", timeZone: "America/New_York", from: "2024-11-03T05:30:00Z", next: "2024-11-03T06:30:00Z", why: "fall back repeats 01:30" },
  { schedule: "0 0 * * *", timeZone: "America/Sao_Paulo", from: "2018-11-03T12:00:00Z", next: "2018-11-05T02:00:00Z", why: "a midnight skipped by DST has no run, as in robfig" },
];

test("next activation times", () => {
  for (const c of NEXT) {
    const parsed = parseCronSchedule(c.schedule, { timeZone: c.timeZone ?? "UTC" });
    assert.ok(parsed.ok, `${c.schedule}: ${parsed.ok ? "" : parsed.error}`);
    const next = parsed.schedule.next(Date.parse(c.from));
    assert.equal(next === undefined ? undefined : new Date(next).toISOString(), c.next === undefined ? undefined : new Date(c.next).toISOString(), `${c.schedule} from ${c.from}: ${c.why}`);
  }
});

test("consecutive activations", () => {
  const parsed = parseCronSchedule("0 */6 * * *", { timeZone: "UTC" });
  assert.ok(parsed.ok);
  const times: string[] = [];
  let at = Date.parse("2024-01-01T01:00:00Z");
  for (let i = 0; i < 4; i++) {
    at = parsed.schedule.next(at) ?? Number.NaN;
    times.push(new Date(at).toISOString());
  }
  assert.deepEqual(times, ["2024-01-01T06:00:00.000Z", "2024-01-01T12:00:00.000Z", "2024-01-01T18:00:00.000Z", "2024-01-02T00:00:00.000Z"]);
});

const ERRORS: readonly { readonly schedule: string; readonly error: string }[] = [
  { schedule: "", error: "empty spec string" },
  { schedule: "* * * *", error: "expected exactly 5 fields, found 4: [* * * *]" },
  { schedule: "60 * * * *", error: "end of range (60) above maximum (59): 60" },
  { schedule: "* * * * 7", error: "end of range (7) above maximum (6): 7" },
  { schedule: "* * * foo *", error: 'failed to parse int from foo: strconv.Atoi: parsing "foo": invalid syntax' },
  { schedule: "@often", error: "unrecognized descriptor: @often" },
  { schedule: "TZ=Mars/Olympus * * * * *", error: "provided bad location Mars/Olympus: unknown time zone Mars/Olympus" },
];

test("invalid schedules give the parser's message", () => {
  for (const c of ERRORS) {
    const parsed = parseCronSchedule(c.schedule);
    assert.deepEqual(parsed.ok ? "parsed" : parsed.error, c.error, c.schedule);
  }
});
