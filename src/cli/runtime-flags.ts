/**
 * `mini up`'s container runtime flags: --runtime, --containerd-socket,
 * --pod-cidr, --cni-bridge. Imports only the small checks from src/node, so
 * commands that never start a runtime do not load gRPC.
 */
import { resolve } from "node:path";
import { checkBridgeName, checkPodCidr } from "../node/cni.js";
import type { RuntimeRequest } from "../node/runtime.js";

export interface RuntimeFlags {
  readonly runtime?: string | undefined;
  readonly "containerd-socket"?: string | undefined;
  readonly "pod-cidr"?: string | undefined;
  readonly "cni-bridge"?: string | undefined;
}

/** The runtime request (undefined for `--runtime=none`) and the flags a detached child needs again, or a usage error. */
export function parseRuntimeFlags(flags: RuntimeFlags): { request: RuntimeRequest | undefined; args: string[] } | string {
  const mode = flags.runtime ?? "auto";
  if (mode !== "auto" && mode !== "containerd" && mode !== "none") return `--runtime must be containerd or none, not ${JSON.stringify(flags.runtime)}`;
  const socket = flags["containerd-socket"];
  const podCidr = flags["pod-cidr"];
  const bridge = flags["cni-bridge"];
  if (mode === "none") {
    const stray = socket !== undefined ? "--containerd-socket" : podCidr !== undefined ? "--pod-cidr" : bridge !== undefined ? "--cni-bridge" : undefined;
    return stray === undefined ? { request: undefined, args: ["--runtime", "none"] } : `${stray} needs a container runtime, not --runtime=none`;
  }
  if (socket !== undefined && (podCidr !== undefined || bridge !== undefined)) return "--pod-cidr and --cni-bridge configure mini's own containerd, not one given with --containerd-socket";
  const problem = (podCidr !== undefined ? checkPodCidr(podCidr) : undefined) ?? (bridge !== undefined ? checkBridgeName(bridge) : undefined);
  if (problem !== undefined) return problem;
  const request: RuntimeRequest = {
    // A socket given means "use that containerd": failing to reach it is an error, not a notice.
    mode: socket !== undefined ? "containerd" : mode,
    ...(socket !== undefined ? { containerdSocket: resolve(socket) } : {}),
    ...(podCidr !== undefined ? { podCidr } : {}),
    ...(bridge !== undefined ? { bridge } : {}),
  };
  const args = [
    ...(flags.runtime !== undefined ? ["--runtime", mode] : []),
    ...(socket !== undefined ? ["--containerd-socket", resolve(socket)] : []),
    ...(podCidr !== undefined ? ["--pod-cidr", podCidr] : []),
    ...(bridge !== undefined ? ["--cni-bridge", bridge] : []),
  ];
  return { request, args };
}
