/**
 * Version and health endpoints. `/version` reports minor "32": the kubectl
 * dispatcher on these machines picks its client version from it.
 */

export const SERVER_VERSION = {
  major: "1",
  minor: "32",
  gitVersion: "v1.32.0-mini",
  gitCommit: "",
  gitTreeState: "clean",
  buildDate: "2026-11-25T00:00:00Z",
  goVersion: "node" + process.versions.node,
  compiler: "node",
  platform: `${process.platform}/${process.arch === "x64" ? "amd64" : process.arch}`,
} as const;

export type HealthCheck = () => boolean;

/** `ok`, or with `?verbose` one `[+]name ok` line per check, as kube-apiserver prints them. */
export function healthResponse(checks: Readonly<Record<string, HealthCheck>>, verbose: boolean, endpoint: string): Response {
  const results = Object.entries(checks).map(([name, check]) => [name, check()] as const);
  const healthy = results.every(([, ok]) => ok);
  if (!verbose && healthy) return new Response("ok", { status: 200, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const lines = results.map(([name, ok]) => (ok ? `[+]${name} ok` : `[-]${name} failed: reason withheld`));
  lines.push(healthy ? `${endpoint} check passed` : `${endpoint} check failed`);
  return new Response(`${lines.join("\n")}\n`, { status: healthy ? 200 : 500, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}
