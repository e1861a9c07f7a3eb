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

/** Go's time.Duration.String() for whole milliseconds: `0s`, `523ms`, `1.2s`, `2m3.5s`, `1h0m0s`. */
export function formatGoDuration(ms: number): string {
  const whole = Math.trunc(ms);
  if (whole === 0) return "0s";
  if (Math.abs(whole) < 1000) return `${whole}ms`;
  const sign = whole < 0 ? "-" : "";
  const abs = Math.abs(whole);
  const hours = Math.floor(abs / 3_600_000);
  const minutes = Math.floor((abs % 3_600_000) / 60_000);
  const seconds = `${Math.floor((abs % 60_000) / 1000)}${abs % 1000 === 0 ? "" : `.${String(abs % 1000).padStart(3, "0").replace(/0+$/, "")}`}s`;
  if (hours > 0) return `${sign}${hours}h${minutes}m${seconds}`;
  if (minutes > 0) return `${sign}${minutes}m${seconds}`;
  return `${sign}${seconds}`;
}
