/**
 * Checks a CronJob schedule the way upstream does (robfig/cron's standard
 * parser): five fields (minute hour day-of-month month day-of-week) with
 * lists, ranges, steps and month/day names, or a descriptor such as @hourly
 * or `@every 1h30m`. Returns the parser's error message, or undefined.
 */
import { parseGoDuration } from "../../machinery/duration.js";

/** The values one field may hold, and the names it accepts for them. */
export interface CronFieldBounds {
  readonly min: number;
  readonly max: number;
  readonly names?: Readonly<Record<string, number>>;
}

const MONTHS = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };
const DAYS = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };

/** The five fields of a schedule, in order; the controller's parser reads them with the same bounds. */
export const CRON_FIELDS = {
  minute: { min: 0, max: 59 },
  hour: { min: 0, max: 23 },
  dom: { min: 1, max: 31 },
  month: { min: 1, max: 12, names: MONTHS },
  dow: { min: 0, max: 6, names: DAYS },
} as const satisfies Record<string, CronFieldBounds>;
const FIELDS: readonly CronFieldBounds[] = Object.values(CRON_FIELDS);

const DESCRIPTORS = new Set(["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"]);


/** Go's strconv.Atoi on a field part, with the parser's wording. */
function parseNumber(text: string, names?: Readonly<Record<string, number>>): number | string {
  const named = names?.[text.toLowerCase()];
  if (named !== undefined) return named;
  if (!/^[-+]?\d+$/.test(text)) return `failed to parse int from ${text}: strconv.Atoi: parsing ${JSON.stringify(text)}: invalid syntax`;
  const value = Number(text);
  return value < 0 ? `negative number (${value}) not allowed: ${text}` : value;
}

/** One comma-separated part: `*`, `?`, `n`, `a-b`, each optionally `/step`. */
function checkRange(expression: string, bounds: CronFieldBounds): string | undefined {
  const rangeAndStep = expression.split("/");
  const lowAndHigh = (rangeAndStep[0] ?? "").split("-");
  let start: number;
  let end: number;
  if (lowAndHigh[0] === "*" || lowAndHigh[0] === "?") {
    start = bounds.min;
    end = bounds.max;
  } else {
    if (lowAndHigh.length > 2) return `too many hyphens: ${expression}`;
    const low = parseNumber(lowAndHigh[0] ?? "", bounds.names);
    if (typeof low === "string") return low;
    const high = lowAndHigh.length === 2 ? parseNumber(lowAndHigh[1] ?? "", bounds.names) : low;
    if (typeof high === "string") return high;
    start = low;
    end = high;
  }
  if (rangeAndStep.length > 2) return `too many slashes: ${expression}`;
  let step = 1;
  if (rangeAndStep.length === 2) {
    const parsed = parseNumber(rangeAndStep[1] ?? "");
    if (typeof parsed === "string") return parsed;
    step = parsed;
    // "n/step" means from n to the field's maximum.
    if (lowAndHigh.length === 1 && lowAndHigh[0] !== "*" && lowAndHigh[0] !== "?") end = bounds.max;
  }
  if (start < bounds.min) return `beginning of range (${start}) below minimum (${bounds.min}): ${expression}`;
  if (end > bounds.max) return `end of range (${end}) above maximum (${bounds.max}): ${expression}`;
  if (start > end) return `beginning of range (${start}) beyond end of range (${end}): ${expression}`;
  if (step === 0) return `step of range should be a positive number: ${expression}`;
  return undefined;
}

/** The parser's error for `schedule`, or undefined when it is valid. */
export function cronScheduleError(schedule: string): string | undefined {
  if (schedule.length === 0) return "empty spec string";
  let spec = schedule;
  // A TZ=/CRON_TZ= prefix is parsed here; validation separately refuses it in favour of timeZone.
  if (spec.startsWith("TZ=") || spec.startsWith("CRON_TZ=")) spec = spec.slice(spec.indexOf(" ") + 1).trim();
  if (spec.startsWith("@")) {
    if (DESCRIPTORS.has(spec)) return undefined;
    if (spec.startsWith("@every ")) {
      const duration = spec.slice("@every ".length);
      return parseGoDuration(duration) !== undefined ? undefined : `failed to parse duration ${spec}: time: invalid duration ${JSON.stringify(duration)}`;
    }
    return `unrecognized descriptor: ${spec}`;
  }
  const fields = spec.split(/\s+/).filter((field) => field !== "");
  if (fields.length !== FIELDS.length) return `expected exactly 5 fields, found ${fields.length}: [${fields.join(" ")}]`;
  for (const [i, field] of fields.entries()) {
    const bounds = FIELDS[i] ?? { min: 0, max: 0 };
    for (const expression of field.split(",").filter((part) => part !== "")) {
      const error = checkRange(expression, bounds);
      if (error) return error;
    }
  }
  return undefined;
}
