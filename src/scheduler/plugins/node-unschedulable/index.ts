/**
 * NodeUnschedulable: cordoned nodes (spec.unschedulable) take no new pods,
 * except pods that tolerate the node.kubernetes.io/unschedulable NoSchedule
 * taint (DaemonSet pods do).
 */
import { SUCCESS, tolerationsTolerateTaint, unresolvable, type FilterPlugin } from "../../framework/index.js";

export const NODE_UNSCHEDULABLE = "NodeUnschedulable";
export const NODE_UNSCHEDULABLE_REASON = "node(s) were unschedulable";
const UNSCHEDULABLE_TAINT = { key: "node.kubernetes.io/unschedulable", effect: "NoSchedule" };

export function newNodeUnschedulable() {
  return {
    name: NODE_UNSCHEDULABLE,
    events: ["NodeAdd", "NodeUpdate"],
    filter(state, node) {
      if (!node.node?.spec?.unschedulable) return SUCCESS;
      return tolerationsTolerateTaint(state.pod.pod.spec.tolerations, UNSCHEDULABLE_TAINT) ? SUCCESS : unresolvable(NODE_UNSCHEDULABLE_REASON);
    },
  } satisfies FilterPlugin;
}
