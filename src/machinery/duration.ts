/**
 * Go's time.Duration text, as Kubernetes flags and KubeletConfiguration
 * fields hold it (`10s`, `1m0s`, `1h30m`, `500ms`, `1.5h`), in milliseconds;
 * undefined for anything else (a bare number other than 0, a sign, spaces).
 */
const UNITS: Readonly<Record<string, number>> = { ns: 1e-6, us: 1e-3, "µs": 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

export function parseGoDuration(text: string): number | undefined {
  if (text === "0") return 0;
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join("") !== text) return undefined;
  return parts.reduce((total, [, value = "0", unit = "s"]) => total + Number(value) * (UNITS[unit] ?? 0), 0);
}
