/**
 * The node's runtime side: containerd supervision, the pod network config,
 * the pause image and image import. The kubelet builds on `startNodeRuntime`.
 */
export { requestNodeRuntime, startNodeRuntime } from "./runtime.js";
export type { NodeRuntime, RequestedRuntime, RuntimeOptions, RuntimeRequest, RuntimeStart } from "./runtime.js";
export { findNodeBinaries, INSTALL_HINT, missingRuntimeMessage, whichOnPath } from "./binaries.js";
export { checkBridgeName, checkPodCidr, podNetworkFor } from "./cni.js";
export type { PodNetwork } from "./cni.js";
export { busyboxRootfs, HOST_BUSYBOX } from "./busybox-image.js";
export { importImage } from "./images.js";
export { PAUSE_IMAGE } from "./pause-image.js";
export { containerdPaths, imagesDir, runtimeInfoPath } from "./paths.js";
