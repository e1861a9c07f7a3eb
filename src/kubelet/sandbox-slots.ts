/**
 * At most a few pod sandboxes are created at once, in the order asked. A
 * sandbox is the costly part of a pod start (a shim, runc twice, the CNI
 * plugins: about two thirds of a pod's CPU on the node). When 30 pods land
 * at once, starting all of them together shares the CPU between them and
 * every one finishes near the end; a short queue in arrival order finishes
 * them one after another, so the median pod runs much sooner and the last
 * one no later. Upstream's kubelet has no such queue (its pods start in
 * parallel, only image pulls are serialized); ours suits a one-machine
 * cluster whose few cores also run the control plane.
 */
import type { KubeletRuntime } from "./runtime.js";
import type { Slots } from "./slots.js";

/** `runtime` with its RunPodSandbox calls going through `slots`; every other call goes to `runtime` as it is. */
export function withSandboxSlots(runtime: KubeletRuntime, slots: Slots): KubeletRuntime {
  const limited: KubeletRuntime = Object.create(runtime);
  limited.runPodSandbox = (config, handler) => slots.run(() => runtime.runPodSandbox(config, handler));
  return limited;
}
