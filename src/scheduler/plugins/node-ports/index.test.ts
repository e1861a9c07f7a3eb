import { test } from "node:test";
import assert from "node:assert/strict";
import type { ContainerPort } from "../../../apis/common/pod-types.js";
import { SKIP, SUCCESS, unschedulable, type Status } from "../../framework/index.js";
import { cycleFor, makeNode, makeNodeInfo, makePod } from "../_test-kit.js";
import { newNodePorts, NODE_PORTS_REASON } from "./index.js";

const withPorts = (ports: ContainerPort[]) => makePod({ spec: { containers: [{ name: "c", image: "x", ports }] } });

test("NodePorts refuses host ports already in use", () => {
  const cases: [string, ContainerPort[], ContainerPort[], Status][] = [
    ["a free port", [{ containerPort: 80, hostPort: 8080 }], [{ containerPort: 80, hostPort: 8081 }], SUCCESS],
    ["the same port", [{ containerPort: 80, hostPort: 8080 }], [{ containerPort: 80, hostPort: 8080 }], unschedulable(NODE_PORTS_REASON)],
    ["another protocol", [{ containerPort: 53, hostPort: 53, protocol: "UDP" }], [{ containerPort: 53, hostPort: 53 }], SUCCESS],
    ["different specific IPs", [{ containerPort: 80, hostPort: 80, hostIP: "10.0.0.1" }], [{ containerPort: 80, hostPort: 80, hostIP: "10.0.0.2" }], SUCCESS],
    ["a wildcard against a specific IP", [{ containerPort: 80, hostPort: 80, hostIP: "10.0.0.1" }], [{ containerPort: 80, hostPort: 80 }], unschedulable(NODE_PORTS_REASON)],
    ["a specific IP against a wildcard", [{ containerPort: 80, hostPort: 80 }], [{ containerPort: 80, hostPort: 80, hostIP: "10.0.0.1" }], unschedulable(NODE_PORTS_REASON)],
  ];
  for (const [name, existing, wanted, expected] of cases) {
    const node = makeNodeInfo(makeNode("n"), [withPorts(existing)]);
    const state = cycleFor(withPorts(wanted), [node]);
    const plugin = newNodePorts();
    assert.deepEqual(plugin.preFilter(state), SUCCESS, name);
    assert.deepEqual(plugin.filter(state, node), expected, name);
  }
});

test("NodePorts is skipped for pods without host ports", () => {
  const node = makeNodeInfo(makeNode("n"));
  assert.deepEqual(newNodePorts().preFilter(cycleFor(withPorts([{ containerPort: 80 }]), [node])), SKIP);
});
