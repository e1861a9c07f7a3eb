/** NodeName: a pod that names its node (spec.nodeName) fits only that node. */
import { SUCCESS, unresolvable, type FilterPlugin } from "../../framework/index.js";

export const NODE_NAME = "NodeName";
export const NODE_NAME_REASON = "node(s) didn't match the requested node name";

export function newNodeName() {
  return {
    name: NODE_NAME,
    events: ["NodeAdd", "NodeUpdate"],
    filter(state, node) {
      const wanted = state.pod.pod.spec.nodeName;
      return !wanted || wanted === node.name ? SUCCESS : unresolvable(NODE_NAME_REASON);
    },
  } satisfies FilterPlugin;
}
