/**
 * Go's time.ParseDuration, as Kubernetes flags, KubeletConfiguration fields
 * and CronJob `@every` schedules hold durations (`10s`, `1m0s`, `1h30m`,
 * `500ms`, `1.5h`, `.5s`, `-2m`, `300µs`), in milliseconds; undefined for
 * anything Go refuses (a bare number other than 0, a missing unit, spaces).
 * Negative durations parse: callers that need a positive one say so.
 */
const UNITS: Readonly<Record<string, number>> = { ns: 1e-6, us: 1e-3, "µs": 1e-3, "μs": 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const SEGMENT = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/gy;

export function parseGoDuration(text: string): number | undefined {
  const sign = text.startsWith("-") ? -1 : 1;
  const body = text.replace(/^[-+]/, "");
  if (body === "0") return 0;
  if (body === "") return undefined;
  SEGMENT.lastIndex = 0;
  let total = 0;
  let end = 0;
  for (let match = SEGMENT.exec(body); match !== null; match = SEGMENT.exec(body)) {
    total += Number(match[1]) * (UNITS[match[2] ?? ""] ?? 0);
    end = SEGMENT.lastIndex;
  }
  return end === body.length ? sign * total : undefined;
}
