/**
 * Wall-clock time in an IANA time zone, through Intl (Node ships full ICU):
 * the fields of an instant in a zone, and the instant of a wall-clock time
 * with Go's time.Date rules, which the cron schedule arithmetic relies on.
 */

export interface WallClock {
  readonly year: number;
  /** 1–12. */
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  /** 0 (Sunday) – 6. */
  readonly weekday: number;
}

const FIELD_NAMES = ["year", "month", "day", "hour", "minute", "second"] as const;

/** Building a formatter costs far more than using one: zones are loaded once. */
const loaded = new Map<string, TimeZone | undefined>();

export class TimeZone {
  readonly #format: Intl.DateTimeFormat;

  private constructor(format: Intl.DateTimeFormat) {
    this.#format = format;
  }

  /**
   * The zone named as Go's time.LoadLocation names it: "" and "UTC" are UTC,
   * "Local" is this process's zone. Undefined for a zone Intl does not know.
   */
  static load(name: string): TimeZone | undefined {
    if (!loaded.has(name)) loaded.set(name, TimeZone.#create(name));
    return loaded.get(name);
  }

  static #create(name: string): TimeZone | undefined {
    const zone = name === "" ? "UTC" : name === "Local" ? localZoneName() : name;
    try {
      const format = new Intl.DateTimeFormat("en-US", {
        timeZone: zone,
        hourCycle: "h23",
        year: "numeric",
        month: "numeric",
        day: "numeric",
        hour: "numeric",
        minute: "numeric",
        second: "numeric",
      });
      return new TimeZone(format);
    } catch (error: unknown) {
      // Intl refuses unknown zones with a RangeError: that is the answer, not a failure.
      if (error instanceof RangeError) return undefined;
      throw error;
    }
  }

  fields(ms: number): WallClock {
    const values = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
    for (const part of this.#format.formatToParts(ms)) {
      if ((FIELD_NAMES as readonly string[]).includes(part.type)) values[part.type as (typeof FIELD_NAMES)[number]] = Number(part.value);
    }
    return { ...values, weekday: new Date(Date.UTC(values.year, values.month - 1, values.day)).getUTCDay() };
  }

  /** Milliseconds to add to UTC to get this zone's wall clock at `ms`. */
  offset(ms: number): number {
    const wall = this.fields(ms);
    const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
    return asUtc - (ms - mod(ms, 1000));
  }

  /**
   * The instant of a wall-clock time; out-of-range fields normalise (month
   * 13 is January next year), as Go's time.Date does. A time skipped by a
   * DST change or repeated by one resolves as Go resolves it: with the
   * offset in force just before, unless that offset's instant falls outside
   * it, then with the offset in force at that instant.
   */
  instant(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
    const asUtc = Date.UTC(year, month - 1, day, hour, minute, second);
    const guess = this.offset(asUtc);
    const corrected = this.offset(asUtc - guess);
    return asUtc - corrected;
  }
}

const pad = (value: number, width = 2): string => String(value).padStart(width, "0");

/** Go's time.RFC3339 in `zone`: `2006-01-02T15:04:05Z07:00` (`Z` for a zero offset). */
export function formatRFC3339(ms: number, zone: TimeZone): string {
  const wall = zone.fields(ms);
  const offsetMinutes = Math.round(zone.offset(ms) / 60_000);
  const sign = offsetMinutes < 0 ? "-" : "+";
  const abs = Math.abs(offsetMinutes);
  const offset = offsetMinutes === 0 ? "Z" : `${sign}${pad(Math.trunc(abs / 60))}:${pad(abs % 60)}`;
  return `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)}T${pad(wall.hour)}:${pad(wall.minute)}:${pad(wall.second)}${offset}`;
}

const DAY_NAMES = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTH_NAMES = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** Go's time.RFC1123Z in UTC: `Mon, 02 Jan 2006 15:04:05 +0000`. */
export function formatRFC1123Z(ms: number): string {
  const d = new Date(ms);
  const date = `${pad(d.getUTCDate())} ${MONTH_NAMES[d.getUTCMonth()] ?? ""} ${d.getUTCFullYear()}`;
  return `${DAY_NAMES[d.getUTCDay()] ?? ""}, ${date} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

/** This process's zone, what Go calls Local. */
export function localZoneName(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** The modulo that stays non-negative for instants before 1970. */
export function mod(value: number, divisor: number): number {
  return ((value % divisor) + divisor) % divisor;
}
