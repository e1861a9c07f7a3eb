/**
 * Cron schedules as upstream's CronJob controller reads them (robfig/cron
 * v3's standard parser): five fields (minute hour day-of-month month
 * day-of-week) with lists, ranges, steps and jan/mon names; descriptors
 * (@hourly … @yearly, @every <duration>); an optional `TZ=` or `CRON_TZ=`
 * prefix naming the zone the fields are read in. `next` follows robfig's
 * search, DST quirks included: a time skipped by spring-forward is skipped,
 * one repeated by fall-back fires twice.
 */
import { parseGoDuration } from "../../machinery/duration.js";
import { CRON_FIELDS, cronScheduleError, type CronFieldBounds } from "../../apis/common/cron-schedule.js";
import { mod, TimeZone, type WallClock } from "./zoned-time.js";

export interface CronSchedule {
  /** The first activation strictly after `afterMs`, or undefined if none within five years. */
  next(afterMs: number): number | undefined;
}

export type ParsedSchedule = { readonly ok: true; readonly schedule: CronSchedule } | { readonly ok: false; readonly error: string };

export interface ParseOptions {
  /**
   * The zone of a schedule without a TZ prefix.
   * @default "Local" (the process's zone, like kube-controller-manager's)
   */
  readonly timeZone?: string;
}

const { minute: MINUTE, hour: HOUR, dom: DOM, month: MONTH, dow: DOW } = CRON_FIELDS;

/** A field's allowed values; `star` marks a field written as `*` or `?` (robfig's star bit). */
interface FieldSet {
  readonly values: ReadonlySet<number>;
  readonly star: boolean;
}

interface Fields {
  readonly minute: FieldSet;
  readonly hour: FieldSet;
  readonly dom: FieldSet;
  readonly month: FieldSet;
  readonly dow: FieldSet;
}

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
const YEARS_SEARCHED = 5;

function range(min: number, max: number, step = 1): number[] {
  const values: number[] = [];
  for (let value = min; value <= max; value += step) values.push(value);
  return values;
}

const all = (bounds: CronFieldBounds): FieldSet => ({ values: new Set(range(bounds.min, bounds.max)), star: true });
const only = (value: number): FieldSet => ({ values: new Set([value]), star: false });

/** The descriptors, as robfig spells them out. */
const DESCRIPTORS: Readonly<Record<string, Fields>> = {
  "@yearly": { minute: only(0), hour: only(0), dom: only(1), month: only(1), dow: all(DOW) },
  "@monthly": { minute: only(0), hour: only(0), dom: only(1), month: all(MONTH), dow: all(DOW) },
  "@weekly": { minute: only(0), hour: only(0), dom: all(DOM), month: all(MONTH), dow: only(0) },
  "@daily": { minute: only(0), hour: only(0), dom: all(DOM), month: all(MONTH), dow: all(DOW) },
  "@hourly": { minute: only(0), hour: all(HOUR), dom: all(DOM), month: all(MONTH), dow: all(DOW) },
};
const ALIASES: Readonly<Record<string, string>> = { "@annually": "@yearly", "@midnight": "@daily" };

function value(text: string, names: CronFieldBounds["names"]): number {
  return names?.[text.toLowerCase()] ?? Number(text);
}

/** One field of a schedule already checked by cronScheduleError. */
function parseField(field: string, bounds: CronFieldBounds): FieldSet {
  const values = new Set<number>();
  let star = false;
  for (const expression of field.split(",").filter((part) => part !== "")) {
    const [span = "", stepText] = expression.split("/");
    const [low = "", high] = span.split("-");
    const wildcard = low === "*" || low === "?";
    const step = stepText === undefined ? 1 : Number(stepText);
    const start = wildcard ? bounds.min : value(low, bounds.names);
    let end = wildcard ? bounds.max : high === undefined ? start : value(high, bounds.names);
    // "n/step" runs from n to the field's maximum.
    if (stepText !== undefined && high === undefined) end = bounds.max;
    for (const v of range(start, end, step)) values.add(v);
    // robfig drops the star bit for `*/n` with n > 1, which changes how day-of-month and day-of-week combine.
    if (wildcard && step === 1) star = true;
  }
  return { values, star };
}

/** robfig's Every: at least a second, whole seconds, counted from the second the previous run started in. */
function constantDelay(seconds: number): CronSchedule {
  const delay = Math.max(1, Math.floor(seconds)) * 1000;
  return { next: (afterMs) => afterMs - mod(afterMs, 1000) + delay };
}

function dayMatches(fields: Fields, wall: WallClock): boolean {
  const dom = fields.dom.values.has(wall.day);
  const dow = fields.dow.values.has(wall.weekday);
  return fields.dom.star || fields.dow.star ? dom && dow : dom || dow;
}

/** robfig's SpecSchedule.Next, over wall-clock fields in `zone`. */
function specNext(fields: Fields, zone: TimeZone, afterMs: number): number | undefined {
  let t = afterMs - mod(afterMs, 1000) + 1000;
  let wall = zone.fields(t);
  const yearLimit = wall.year + YEARS_SEARCHED;
  let added = false;
  const move = (ms: number): void => {
    t = ms;
    wall = zone.fields(t);
  };
  for (;;) {
    if (wall.year > yearLimit) return undefined;
    let wrapped = false;
    while (!wrapped && !fields.month.values.has(wall.month)) {
      if (!added) {
        added = true;
        move(zone.instant(wall.year, wall.month, 1));
      }
      move(zone.instant(wall.year, wall.month + 1, wall.day, wall.hour, wall.minute, wall.second));
      wrapped = wall.month === 1;
    }
    while (!wrapped && !dayMatches(fields, wall)) {
      if (!added) {
        added = true;
        move(zone.instant(wall.year, wall.month, wall.day));
      }
      move(zone.instant(wall.year, wall.month, wall.day + 1, wall.hour, wall.minute, wall.second));
      // Where DST moves midnight, land back on it.
      if (wall.hour !== 0) move(t + (wall.hour > 12 ? 24 - wall.hour : -wall.hour) * HOUR_MS);
      wrapped = wall.day === 1;
    }
    while (!wrapped && !fields.hour.values.has(wall.hour)) {
      if (!added) {
        added = true;
        move(zone.instant(wall.year, wall.month, wall.day, wall.hour));
      }
      move(t + HOUR_MS);
      wrapped = wall.hour === 0;
    }
    while (!wrapped && !fields.minute.values.has(wall.minute)) {
      if (!added) {
        added = true;
        move(t - mod(t, MINUTE_MS));
      }
      move(t + MINUTE_MS);
      wrapped = wall.minute === 0;
    }
    // The standard parser fixes seconds at 0.
    while (!wrapped && wall.second !== 0) {
      if (!added) {
        added = true;
        move(t - mod(t, 1000));
      }
      move(t + 1000);
      wrapped = wall.second === 0;
    }
    if (!wrapped) return t;
  }
}

/** Parses a schedule (optionally prefixed `TZ=zone ` or `CRON_TZ=zone `). */
export function parseCronSchedule(spec: string, options: ParseOptions = {}): ParsedSchedule {
  const error = cronScheduleError(spec);
  if (error) return { ok: false, error };
  let text = spec;
  let zoneName = options.timeZone ?? "Local";
  if (text.startsWith("TZ=") || text.startsWith("CRON_TZ=")) {
    const space = text.indexOf(" ");
    zoneName = text.slice(text.indexOf("=") + 1, space);
    text = text.slice(space).trim();
  }
  const zone = TimeZone.load(zoneName);
  if (!zone) return { ok: false, error: `provided bad location ${zoneName}: unknown time zone ${zoneName}` };
  // cronScheduleError above refused a duration Go cannot parse.
  if (text.startsWith("@every ")) return { ok: true, schedule: constantDelay((parseGoDuration(text.slice("@every ".length)) ?? 0) / 1000) };
  const descriptor = DESCRIPTORS[ALIASES[text] ?? text];
  const parts = text.split(/\s+/).filter((part) => part !== "");
  const fields = descriptor ?? {
    minute: parseField(parts[0] ?? "", MINUTE),
    hour: parseField(parts[1] ?? "", HOUR),
    dom: parseField(parts[2] ?? "", DOM),
    month: parseField(parts[3] ?? "", MONTH),
    dow: parseField(parts[4] ?? "", DOW),
  };
  return { ok: true, schedule: { next: (afterMs) => specNext(fields, zone, afterMs) } };
}
