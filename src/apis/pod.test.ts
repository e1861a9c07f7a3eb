import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { create, describeErrors, row, update } from "./common/kind-testing.js";
import { podKind } from "./pod.js";
import type { KubeObject } from "./types.js";

const NOW = new Date("2025-01-01T12:00:00Z");

function pod(spec: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "web", namespace: "default", creationTimestamp: "2025-01-01T11:00:00Z", ...metadata },
    spec: { containers: [{ name: "app", image: "nginx:1.27" }], ...spec },
  };
}

describe("pod create", () => {
  it("defaults the spec, including the pod-only defaults", () => {
    const { object, errors } = create(podKind, pod({ containers: [{ name: "app", image: "nginx", resources: { limits: { cpu: "1" } } }] }));
    assert.deepEqual(errors, []);
    const spec = object.spec as Record<string, unknown>;
    assert.equal(spec.enableServiceLinks, true);
    assert.equal(spec.schedulerName, "default-scheduler");
    assert.deepEqual((spec.containers as { resources: unknown }[])[0]?.resources, { limits: { cpu: "1" }, requests: { cpu: "1" } });
  });

  it("starts Pending with the computed QoS class, dropping client status", () => {
    const { object } = create(podKind, { ...pod(), status: { phase: "Running", podIP: "10.0.0.1" } });
    assert.deepEqual(object.status, { phase: "Pending", qosClass: "BestEffort" });
  });

  it("marks gated pods as not scheduled", () => {
    const { object } = create(podKind, pod({ schedulingGates: [{ name: "example.com/wait" }] }));
    assert.deepEqual((object.status as { conditions: unknown }).conditions, [
      { type: "PodScheduled", status: "False", reason: "SchedulingGated", message: "Scheduling is blocked due to non-empty scheduling gates" },
    ]);
  });

  it("turns affinity matchLabelKeys into selector requirements on the pod's labels", () => {
    const term = { labelSelector: { matchLabels: { app: "web" } }, topologyKey: "zone", matchLabelKeys: ["version"], mismatchLabelKeys: ["team"] };
    const { object } = create(podKind, pod({ affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term] } } }, { labels: { version: "v2", team: "a" } }));
    const spec = object.spec as { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { labelSelector: unknown }[] } } };
    assert.deepEqual(spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0]?.labelSelector, {
      matchLabels: { app: "web" },
      matchExpressions: [
        { key: "version", operator: "In", values: ["v2"] },
        { key: "team", operator: "NotIn", values: ["a"] },
      ],
    });
  });

  const invalid: [string, KubeObject, string[]][] = [
    ["image with whitespace", pod({ containers: [{ name: "app", image: " nginx" }] }), ['spec.containers[0].image: Invalid value: " nginx": must not have leading or trailing whitespace']],
    [
      "token projection without service account",
      pod({ volumes: [{ name: "t", projected: { sources: [{ serviceAccountToken: { path: "token" } }] } }] }),
      ["spec.volumes[0].projected.sources[0].serviceAccountToken: Forbidden: must not be specified when serviceAccountName is not set"],
    ],
    [
      "node name while gated",
      pod({ nodeName: "n1", schedulingGates: [{ name: "g" }] }),
      ["spec.nodeName: Forbidden: cannot be set until all schedulingGates have been cleared"],
    ],
  ];
  for (const [name, input, expected] of invalid) {
    it(`refuses ${name}`, () => assert.deepEqual(describeErrors(create(podKind, input).errors), expected));
  }
});

describe("pod update", () => {
  const old = create(podKind, pod({ activeDeadlineSeconds: 100, tolerations: [{ key: "k", operator: "Exists", effect: "NoExecute", tolerationSeconds: 10 }] })).object;
  const spec = old.spec as Record<string, unknown>;
  const cases: [string, Record<string, unknown>, string[]][] = [
    ["image change", { containers: [{ ...(spec.containers as object[])[0], image: "nginx:1.28" }] }, []],
    ["shorter deadline", { activeDeadlineSeconds: 50 }, []],
    ["longer deadline", { activeDeadlineSeconds: 200 }, ["spec.activeDeadlineSeconds: Invalid value: 200: must be less than or equal to previous value"]],
    ["removed deadline", { activeDeadlineSeconds: undefined }, ["spec.activeDeadlineSeconds: Invalid value: null: must not update from a positive integer to nil value"]],
    [
      "added toleration",
      { tolerations: [...(spec.tolerations as object[]), { key: "other", operator: "Exists" }] },
      [],
    ],
    ["changed toleration", { tolerations: [{ key: "k", operator: "Exists", effect: "NoSchedule" }] }, ["spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds"]],
    ["added container", { containers: [...(spec.containers as object[]), { name: "b", image: "busybox" }] }, ["spec.containers: Forbidden: pod updates may not add or remove containers"]],
  ];
  for (const [name, change, expected] of cases) {
    it(name, () => {
      const { errors } = update(podKind, old, { ...old, spec: { ...spec, ...change } });
      assert.deepEqual(describeErrors(errors), expected);
    });
  }

  it("refuses other spec changes, naming the fields that changed", () => {
    const { errors } = update(podKind, old, { ...old, spec: { ...spec, dnsPolicy: "Default" } });
    assert.equal(errors.length, 1);
    assert.equal(errors[0]?.field, "spec");
    assert.match(errors[0]?.message ?? "", /^Forbidden: pod updates may not change fields other than `spec.containers\[\*\].image`/);
    assert.match(errors[0]?.message ?? "", /spec\.dnsPolicy: "ClusterFirst" -> "Default"/);
  });
});

describe("pod selectable fields", () => {
  it("lists upstream's pod field selectors", () => {
    const object = pod({ nodeName: "n1", restartPolicy: "Never", serviceAccountName: "sa" });
    object.status = { phase: "Running", podIPs: [{ ip: "10.1.0.5" }], nominatedNodeName: "n2" };
    assert.deepEqual(podKind.selectableFields(object), {
      "spec.nodeName": "n1",
      "spec.restartPolicy": "Never",
      "spec.schedulerName": "",
      "spec.serviceAccountName": "sa",
      "spec.hostNetwork": "false",
      "status.phase": "Running",
      "status.podIP": "10.1.0.5",
      "status.nominatedNodeName": "n2",
    });
  });
});

describe("pod table", () => {
  it("has upstream's columns", () => {
    assert.deepEqual(
      podKind.columns.map((column) => [column.name, column.type, column.priority]),
      [
        ["Name", "string", 0],
        ["Ready", "string", 0],
        ["Status", "string", 0],
        ["Restarts", "string", 0],
        ["Age", "string", 0],
        ["IP", "string", 1],
        ["Node", "string", 1],
        ["Nominated Node", "string", 1],
        ["Readiness Gates", "string", 1],
      ],
    );
  });

  const running = { state: { running: { startedAt: "2025-01-01T11:00:00Z" } }, ready: true, restartCount: 0 };
  const cases: [string, Record<string, unknown>, Record<string, unknown>, unknown[]][] = [
    ["pending", {}, { phase: "Pending" }, ["web", "0/1", "Pending", "0", "60m", "<none>", "<none>", "<none>", "<none>"]],
    [
      "running and ready",
      { nodeName: "n1" },
      { phase: "Running", podIPs: [{ ip: "10.1.0.5" }], containerStatuses: [{ name: "app", ...running }] },
      ["web", "1/1", "Running", "0", "60m", "10.1.0.5", "n1", "<none>", "<none>"],
    ],
    [
      "crash looping with the last restart time",
      {},
      {
        phase: "Running",
        containerStatuses: [
          {
            name: "app",
            ready: false,
            restartCount: 5,
            state: { waiting: { reason: "CrashLoopBackOff" } },
            lastState: { terminated: { exitCode: 1, finishedAt: "2025-01-01T11:55:00Z" } },
          },
        ],
      },
      ["web", "0/1", "CrashLoopBackOff", "5 (5m ago)", "60m"],
    ],
    [
      "waiting on the first of two init containers",
      { initContainers: [{ name: "a" }, { name: "b" }] },
      { phase: "Pending", initContainerStatuses: [{ name: "a", state: { running: {} } }, { name: "b", state: { waiting: { reason: "PodInitializing" } } }] },
      ["web", "0/1", "Init:0/2", "0", "60m"],
    ],
    [
      "init container failed",
      { initContainers: [{ name: "a" }] },
      { phase: "Pending", initContainerStatuses: [{ name: "a", state: { terminated: { exitCode: 2 } } }] },
      ["web", "0/1", "Init:ExitCode:2", "0", "60m"],
    ],
    [
      "init container crash looping",
      { initContainers: [{ name: "a" }] },
      { phase: "Pending", initContainerStatuses: [{ name: "a", state: { waiting: { reason: "CrashLoopBackOff" } } }] },
      ["web", "0/1", "Init:CrashLoopBackOff", "0", "60m"],
    ],
    [
      "completed",
      {},
      { phase: "Succeeded", containerStatuses: [{ name: "app", ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: "Completed" } } }] },
      ["web", "0/1", "Completed", "0", "60m"],
    ],
    [
      "killed by a signal",
      {},
      { phase: "Failed", containerStatuses: [{ name: "app", ready: false, restartCount: 0, state: { terminated: { exitCode: 137, signal: 9 } } }] },
      ["web", "0/1", "Signal:9", "0", "60m"],
    ],
    [
      "sidecar counted in READY",
      { initContainers: [{ name: "proxy", restartPolicy: "Always" }] },
      {
        phase: "Running",
        conditions: [{ type: "Initialized", status: "True" }],
        initContainerStatuses: [{ name: "proxy", started: true, ready: true, restartCount: 0, state: { running: {} } }],
        containerStatuses: [{ name: "app", ...running }],
      },
      ["web", "2/2", "Running", "0", "60m"],
    ],
    ["evicted", {}, { phase: "Failed", reason: "Evicted" }, ["web", "0/1", "Evicted", "0", "60m"]],
    ["scheduling gated", {}, { phase: "Pending", conditions: [{ type: "PodScheduled", status: "False", reason: "SchedulingGated" }] }, ["web", "0/1", "SchedulingGated", "0", "60m"]],
    [
      "readiness gates",
      { readinessGates: [{ conditionType: "example.com/ready" }, { conditionType: "example.com/warm" }] },
      { phase: "Running", conditions: [{ type: "example.com/ready", status: "True" }] },
      ["web", "0/1", "Running", "0", "60m", "<none>", "<none>", "<none>", "1/2"],
    ],
  ];
  for (const [name, spec, status, expected] of cases) {
    it(name, () => {
      const object = { ...pod(spec), status };
      assert.deepEqual(row(podKind, object, NOW, expected.length > 5), expected);
    });
  }

  it("shows Terminating once deletion is requested, unless the pod already finished", () => {
    const deleting = { ...pod({}, { deletionTimestamp: "2025-01-01T11:59:00Z" }), status: { phase: "Running" } };
    assert.equal(row(podKind, deleting, NOW)[2], "Terminating");
    assert.equal(row(podKind, { ...deleting, status: { phase: "Succeeded" } }, NOW)[2], "Succeeded");
    assert.equal(row(podKind, { ...deleting, status: { phase: "Running", reason: "NodeLost" } }, NOW)[2], "Unknown");
  });
});
