/** The DaemonSet controller. */
export { startDaemonSetController } from "./controller.js";
