import { test } from "node:test";
import assert from "node:assert/strict";
import type { FieldError } from "../../machinery/field-errors.js";
import { validatePodStatusUpdate } from "./pod-status-validation.js";

const messages = (errors: readonly FieldError[]): string[] => errors.map((e) => `${e.field}: ${e.message}`);

test("a status write may set system and qualified condition types, not malformed ones", () => {
  const ok = validatePodStatusUpdate({ conditions: [{ type: "Ready" }, { type: "example.com/Warm" }] }, {}, {});
  assert.deepEqual(ok, []);
  const bad = validatePodStatusUpdate({ conditions: [{ type: "Ready" }, { type: "not a type!" }] }, {}, {});
  assert.equal(bad.length, 1);
  assert.equal(bad[0]?.field, "metadata.conditions[1].Type");
});

test("nominatedNodeName must be a DNS subdomain when it changes", () => {
  assert.deepEqual(validatePodStatusUpdate({ nominatedNodeName: "node-1" }, {}, {}), []);
  assert.equal(validatePodStatusUpdate({ nominatedNodeName: "Node_1" }, {}, {})[0]?.field, "status.nominatedNodeName");
  assert.deepEqual(validatePodStatusUpdate({ nominatedNodeName: "Node_1" }, { nominatedNodeName: "Node_1" }, {}), [], "an unchanged value is left alone");
});

test("a terminated container stays terminated unless the pod's policy restarts it", () => {
  const old = { containerStatuses: [{ name: "app", state: { terminated: { exitCode: 0 } } }] };
  const running = { containerStatuses: [{ name: "app", state: {} }] };
  assert.deepEqual(
    messages(validatePodStatusUpdate(running, old, { restartPolicy: "Never" })),
    ["status.containerStatuses[0].state: Forbidden: may not be transitioned to non-terminated state"],
  );
  assert.equal(validatePodStatusUpdate(running, old, { restartPolicy: "OnFailure" }).length, 1, "exit 0 under OnFailure is final");
  assert.deepEqual(validatePodStatusUpdate(running, old, { restartPolicy: "Always" }), []);
  const failed = { containerStatuses: [{ name: "app", state: { terminated: { exitCode: 3 } } }] };
  assert.deepEqual(validatePodStatusUpdate(running, failed, { restartPolicy: "OnFailure" }), [], "a failure under OnFailure restarts");
});

test("a sidecar may restart under restartPolicy Never; an ephemeral container never may", () => {
  const spec = { restartPolicy: "Never", initContainers: [{ name: "proxy", restartPolicy: "Always" }, { name: "setup" }] };
  const old = {
    initContainerStatuses: [
      { name: "proxy", state: { terminated: { exitCode: 1 } } },
      { name: "setup", state: { terminated: { exitCode: 0 } } },
    ],
    ephemeralContainerStatuses: [{ name: "debug", state: { terminated: { exitCode: 0 } } }],
  };
  const next = {
    initContainerStatuses: [
      { name: "proxy", state: {} },
      { name: "setup", state: {} },
    ],
    ephemeralContainerStatuses: [{ name: "debug", state: {} }],
  };
  assert.deepEqual(messages(validatePodStatusUpdate(next, old, { ...spec, restartPolicy: "Always" })), [
    "status.ephemeralContainerStatuses[0].state: Forbidden: may not be transitioned to non-terminated state",
  ]);
  assert.deepEqual(messages(validatePodStatusUpdate(next, old, spec)), [
    "status.initContainerStatuses[1].state: Forbidden: may not be transitioned to non-terminated state",
    "status.ephemeralContainerStatuses[0].state: Forbidden: may not be transitioned to non-terminated state",
  ]);
});

test("pod and host IPs are valid addresses, at most one per family", () => {
  assert.deepEqual(validatePodStatusUpdate({ podIPs: [{ ip: "10.0.0.1" }, { ip: "fd00::1" }], hostIP: "192.168.1.2", hostIPs: [{ ip: "192.168.1.2" }] }, {}, {}), []);
  assert.deepEqual(validatePodStatusUpdate({ podIPs: [{ ip: "010.000.000.001" }] }, {}, {}), [], "leading zeros, as upstream's ParseIPSloppy reads them");
  assert.deepEqual(messages(validatePodStatusUpdate({ hostIP: "192.168.1.2", hostIPs: [{ ip: "192.168.1.3" }] }, {}, {})), [
    'status.hostIPs[0].ip: Invalid value: [{"ip":"192.168.1.3"}]: must be equal to `hostIP`',
  ]);
  assert.equal(validatePodStatusUpdate({ podIPs: [{ ip: "10.0.0.300" }] }, {}, {})[0]?.field, "status.podIPs[0].ip");
  assert.deepEqual(messages(validatePodStatusUpdate({ hostIPs: [{ ip: "10.0.0.1" }, { ip: "10.0.0.2" }] }, {}, {})), [
    'status.hostIPs: Invalid value: [{"ip":"10.0.0.1"},{"ip":"10.0.0.2"}]: may specify no more than one IP for each IP family',
  ]);
});
