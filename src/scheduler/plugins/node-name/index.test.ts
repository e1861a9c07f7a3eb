import { test } from "node:test";
import assert from "node:assert/strict";
import { SUCCESS, unresolvable, type Status } from "../../framework/index.js";
import { cycleFor, makeNode, makeNodeInfo, makePod } from "../_test-kit.js";
import { newNodeName, NODE_NAME_REASON } from "./index.js";

test("NodeName filters on spec.nodeName", () => {
  const cases: [string, string | undefined, Status][] = [
    ["no node name fits any node", undefined, SUCCESS],
    ["the named node fits", "node-1", SUCCESS],
    ["another node does not", "node-2", unresolvable(NODE_NAME_REASON)],
  ];
  for (const [name, nodeName, expected] of cases) {
    const node = makeNodeInfo(makeNode("node-1"));
    const pod = makePod(nodeName ? { spec: { nodeName } } : {});
    assert.deepEqual(newNodeName().filter(cycleFor(pod, [node]), node), expected, name);
  }
});
