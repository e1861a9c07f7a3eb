/** NodePorts: a pod's host ports must be free on the node (same protocol and port, overlapping IP). */
import { SKIP, SUCCESS, unschedulable, type FilterPlugin, type PreFilterPlugin } from "../../framework/index.js";

export const NODE_PORTS = "NodePorts";
export const NODE_PORTS_REASON = "node(s) didn't have free ports for the requested pod ports";

export function newNodePorts() {
  return {
    name: NODE_PORTS,
    events: ["AssignedPodDelete", "NodeAdd", "NodeUpdate"],
    preFilter(state) {
      return state.pod.hostPorts.length === 0 ? SKIP : SUCCESS;
    },
    filter(state, node) {
      return state.pod.hostPorts.some((port) => node.portConflict(port)) ? unschedulable(NODE_PORTS_REASON) : SUCCESS;
    },
  } satisfies PreFilterPlugin & FilterPlugin;
}
