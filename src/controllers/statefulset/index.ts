/**
 * The StatefulSet controller. The revision history, controller references,
 * pod-state and pod-template helpers beside it are shared with the
 * DaemonSet controller (upstream keeps them in pkg/controller/history and
 * pkg/api/v1/pod).
 */
export { startStatefulSetController } from "./controller.js";
