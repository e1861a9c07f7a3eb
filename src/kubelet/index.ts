/**
 * The kubelet: the node agent that runs pods bound to this machine through
 * the container runtime (containerd's CRI). See kubelet.ts.
 */
export { startKubelet, type KubeletOptions, type RunningKubelet } from "./kubelet.js";
export { parseKubeletConfig, DEFAULT_CONFIG, type KubeletConfig, type ConfigResult } from "./config.js";
export { criRuntime } from "./cri-runtime.js";
export type { KubeletRuntime } from "./runtime.js";
