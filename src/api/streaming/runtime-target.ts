/**
 * The runtime behind a pod: mini's containerd through its CRI client.
 * Pods of simulated nodes, or any pod when mini runs without a runtime,
 * have no log, exec or port-forward to offer.
 */
import type { CriClient } from "../../cri/index.js";
import { ApiError, badRequest } from "../../machinery/status.js";

/** `described` names the target in messages: `container "a" in pod "b"`. */
export function simulatedNode(described: string): ApiError {
  return badRequest(`${described} runs on a simulated node: it has no logs and nothing to stream`);
}

export function requireRuntime(cri: CriClient | undefined, described: string): CriClient {
  if (cri === undefined) throw badRequest(`${described} cannot be reached: this mini runs no container runtime (--runtime=none)`);
  return cri;
}
