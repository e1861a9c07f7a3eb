/**
 * Pod streams through the API server: logs (a handler like any other) and
 * exec, attach and port-forward (served from the server's upgrade event and
 * proxied to containerd's stream server).
 */
import { badRequest } from "../../machinery/status.js";
import type { ResourceContext } from "../handlers/context.js";

export { getPodLogs } from "./logs.js";
export { createStreamUpgrades, type StreamUpgrades, type StreamUpgradeOptions } from "./upgrade.js";

/** exec, attach and port-forward without an upgrade: there is nothing to stream over (upstream's answer). */
export function upgradeRequired(_context: ResourceContext): Promise<Response> {
  return Promise.reject(badRequest("Upgrade request required"));
}
