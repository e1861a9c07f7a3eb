import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { create, describeErrors, row, update } from "./common/kind-testing.js";
import { daemonSetKind } from "./daemonset.js";
import { deploymentKind } from "./deployment.js";
import { replicaSetKind } from "./replicaset.js";
import { statefulSetKind } from "./statefulset.js";
import type { KindDefinition, KubeObject } from "./types.js";

const NOW = new Date("2025-01-01T12:00:00Z");

function workload(kind: string, spec: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: "apps/v1",
    kind,
    metadata: { name: "web", namespace: "default", creationTimestamp: "2025-01-01T11:58:00Z" },
    spec: {
      selector: { matchLabels: { app: "web" } },
      template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "app", image: "nginx:1.27" }, { name: "log", image: "busybox" }] } },
      ...spec,
    },
  };
}

function specOf(object: KubeObject): Record<string, unknown> {
  return object.spec as Record<string, unknown>;
}

function columns(kind: KindDefinition): [string, string, number][] {
  return kind.columns.map((column) => [column.name, column.type, column.priority]);
}

describe("apps/v1 kind definitions", () => {
  const cases: [KindDefinition, string, string[], boolean][] = [
    [deploymentKind, "deployments", ["deploy"], true],
    [replicaSetKind, "replicasets", ["rs"], true],
    [statefulSetKind, "statefulsets", ["sts"], true],
    [daemonSetKind, "daemonsets", ["ds"], false],
  ];
  for (const [kind, plural, shortNames, scales] of cases) {
    it(kind.kind, () => {
      assert.equal(kind.plural, plural);
      assert.deepEqual(kind.shortNames, shortNames);
      assert.deepEqual(kind.categories, ["all"]);
      assert.equal(kind.tracksGeneration, true);
      assert.equal(kind.subresources.status, true);
      assert.deepEqual(kind.subresources.scale, scales ? { specReplicasPath: "spec.replicas", statusReplicasPath: "status.replicas" } : undefined);
    });
  }
});

describe("defaults", () => {
  it("Deployment: one replica, 25%/25% rolling update, history 10, deadline 600, template defaults", () => {
    const spec = specOf(create(deploymentKind, workload("Deployment")).object);
    assert.equal(spec.replicas, 1);
    assert.deepEqual(spec.strategy, { type: "RollingUpdate", rollingUpdate: { maxUnavailable: "25%", maxSurge: "25%" } });
    assert.equal(spec.revisionHistoryLimit, 10);
    assert.equal(spec.progressDeadlineSeconds, 600);
    const template = spec.template as { spec: Record<string, unknown> };
    assert.equal(template.spec.restartPolicy, "Always");
    assert.equal(template.spec.enableServiceLinks, undefined, "pod-only defaults stay off templates");
  });

  it("Deployment: Recreate gets no rolling update parameters", () => {
    const spec = specOf(create(deploymentKind, workload("Deployment", { strategy: { type: "Recreate" } })).object);
    assert.deepEqual(spec.strategy, { type: "Recreate" });
  });

  it("ReplicaSet: one replica, status starts with replicas 0", () => {
    const { object } = create(replicaSetKind, workload("ReplicaSet"));
    assert.equal(specOf(object).replicas, 1);
    assert.deepEqual(object.status, { replicas: 0 });
  });

  it("StatefulSet: ordered pods, rolling update from partition 0, retained claims", () => {
    const claim = { metadata: { name: "data" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } } };
    const { object } = create(statefulSetKind, workload("StatefulSet", { serviceName: "web", volumeClaimTemplates: [claim] }));
    const spec = specOf(object);
    assert.equal(spec.podManagementPolicy, "OrderedReady");
    assert.deepEqual(spec.updateStrategy, { type: "RollingUpdate", rollingUpdate: { partition: 0 } });
    assert.deepEqual(spec.persistentVolumeClaimRetentionPolicy, { whenDeleted: "Retain", whenScaled: "Retain" });
    assert.equal(spec.replicas, 1);
    assert.equal(spec.revisionHistoryLimit, 10);
    assert.deepEqual((spec.volumeClaimTemplates as unknown[])[0], {
      apiVersion: "v1",
      kind: "PersistentVolumeClaim",
      metadata: { name: "data" },
      spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } }, volumeMode: "Filesystem" },
      status: { phase: "Pending" },
    });
    assert.deepEqual(object.status, { replicas: 0, availableReplicas: 0 });
  });

  it("DaemonSet: one node at a time without surge, history 10", () => {
    const { object } = create(daemonSetKind, workload("DaemonSet"));
    assert.deepEqual(specOf(object).updateStrategy, { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
    assert.equal(specOf(object).revisionHistoryLimit, 10);
    assert.deepEqual(object.status, { currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0 });
  });
});

describe("validation", () => {
  const mismatch = { template: { metadata: { labels: { app: "other" } }, spec: { containers: [{ name: "app", image: "nginx" }] } } };
  const cases: [string, KindDefinition, KubeObject, string[]][] = [
    ["valid Deployment", deploymentKind, workload("Deployment"), []],
    ["Deployment without selector", deploymentKind, workload("Deployment", { selector: undefined }), ["spec.selector: Required value"]],
    [
      "Deployment with empty selector",
      deploymentKind,
      workload("Deployment", { selector: {} }),
      ["spec.selector: Invalid value: {}: empty selector is invalid for deployment"],
    ],
    [
      "Deployment selector not matching the template",
      deploymentKind,
      workload("Deployment", mismatch),
      ['spec.template.metadata.labels: Invalid value: {"app":"other"}: `selector` does not match template `labels`'],
    ],
    ["Deployment negative replicas", deploymentKind, workload("Deployment", { replicas: -1 }), ["spec.replicas: Invalid value: -1: must be greater than or equal to 0"]],
    [
      "Deployment restartPolicy Never",
      deploymentKind,
      workload("Deployment", { template: { metadata: { labels: { app: "web" } }, spec: { restartPolicy: "Never", containers: [{ name: "a", image: "x" }] } } }),
      ['spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"'],
    ],
    [
      "Deployment with both surge and unavailability zero",
      deploymentKind,
      workload("Deployment", { strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 0, maxUnavailable: "0%" } } }),
      ['spec.strategy.rollingUpdate.maxUnavailable: Invalid value: "0%": may not be 0 when `maxSurge` is 0'],
    ],
    [
      "Deployment with a bad percentage",
      deploymentKind,
      workload("Deployment", { strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: "abc", maxUnavailable: "150%" } } }),
      [
        `spec.strategy.rollingUpdate.maxSurge: Invalid value: "abc": a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')`,
        'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: "150%": must not be greater than 100%',
      ],
    ],
    [
      "Deployment progress deadline not above minReadySeconds",
      deploymentKind,
      workload("Deployment", { minReadySeconds: 700 }),
      ["spec.progressDeadlineSeconds: Invalid value: 600: must be greater than minReadySeconds"],
    ],
    ["valid ReplicaSet", replicaSetKind, workload("ReplicaSet"), []],
    [
      "ReplicaSet with activeDeadlineSeconds",
      replicaSetKind,
      workload("ReplicaSet", { template: { metadata: { labels: { app: "web" } }, spec: { activeDeadlineSeconds: 5, containers: [{ name: "a", image: "x" }] } } }),
      ["spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicaSet is not Supported"],
    ],
    ["valid StatefulSet", statefulSetKind, workload("StatefulSet", { serviceName: "web" }), []],
    [
      "StatefulSet with a bad pod management policy",
      statefulSetKind,
      workload("StatefulSet", { podManagementPolicy: "Random" }),
      ['spec.podManagementPolicy: Invalid value: "Random": must be \'OrderedReady\' or \'Parallel\''],
    ],
    [
      "StatefulSet mounting its claim template",
      statefulSetKind,
      workload("StatefulSet", {
        volumeClaimTemplates: [{ metadata: { name: "data" }, spec: {} }],
        template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "a", image: "x", volumeMounts: [{ name: "data", mountPath: "/data" }] }] } },
      }),
      [],
    ],
    [
      "StatefulSet name that is not a DNS label",
      statefulSetKind,
      { ...workload("StatefulSet"), metadata: { name: "web.v1" } },
      [
        `metadata.name: Invalid value: "web.v1": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
      ],
    ],
    [
      "StatefulSet with zero maxUnavailable",
      statefulSetKind,
      workload("StatefulSet", { updateStrategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0 } } }),
      ["spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: 0: cannot be 0"],
    ],
    [
      "Deployment with an unknown strategy",
      deploymentKind,
      workload("Deployment", { strategy: { type: "BlueGreen" } }),
      ['spec.strategy: Unsupported value: {"type":"BlueGreen"}: supported values: "Recreate", "RollingUpdate"'],
    ],
    ["valid DaemonSet", daemonSetKind, workload("DaemonSet"), []],
    [
      "DaemonSet with activeDeadlineSeconds",
      daemonSetKind,
      workload("DaemonSet", { template: { metadata: { labels: { app: "web" } }, spec: { activeDeadlineSeconds: 5, containers: [{ name: "a", image: "x" }] } } }),
      ["spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in DaemonSet is not Supported"],
    ],
    [
      "DaemonSet with surge and unavailability",
      daemonSetKind,
      workload("DaemonSet", { updateStrategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: 1 } } }),
      ["spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: 1: may not be set when maxUnavailable is non-zero"],
    ],
    [
      "DaemonSet selector not matching",
      daemonSetKind,
      workload("DaemonSet", mismatch),
      ['spec.template.metadata.labels: Invalid value: {"app":"other"}: `selector` does not match template `labels`'],
    ],
  ];
  for (const [name, kind, input, expected] of cases) {
    it(name, () => assert.deepEqual(describeErrors(create(kind, input).errors), expected));
  }
});

describe("updates", () => {
  const selector = { matchLabels: { app: "web", tier: "front" } };
  const relabelled = { metadata: { labels: { app: "web", tier: "front" } }, spec: { containers: [{ name: "app", image: "nginx" }] } };
  for (const kind of [deploymentKind, replicaSetKind, daemonSetKind]) {
    it(`${kind.kind} selector is immutable`, () => {
      const old = create(kind, workload(kind.kind)).object;
      const { errors } = update(kind, old, { ...old, spec: { ...specOf(old), selector, template: relabelled } });
      assert.deepEqual(describeErrors(errors), ['spec.selector: Invalid value: {"matchLabels":{"app":"web","tier":"front"}}: field is immutable']);
    });
  }

  it("StatefulSet allows replicas and template changes but nothing else", () => {
    const old = create(statefulSetKind, workload("StatefulSet", { serviceName: "web" })).object;
    assert.deepEqual(update(statefulSetKind, old, { ...old, spec: { ...specOf(old), replicas: 3 } }).errors, []);
    const { errors } = update(statefulSetKind, old, { ...old, spec: { ...specOf(old), serviceName: "other" } });
    assert.deepEqual(describeErrors(errors), [
      "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    ]);
  });

  it("Deployment annotation changes bump the generation", () => {
    const old = create(deploymentKind, workload("Deployment")).object;
    old.metadata.generation = 4;
    const changed = { ...old, metadata: { ...old.metadata, annotations: { note: "x" } } };
    assert.equal(update(deploymentKind, old, changed).object.metadata.generation, 5);
  });
});

describe("tables", () => {
  const cases: [KindDefinition, [string, string, number][], Record<string, unknown>, unknown[]][] = [
    [
      deploymentKind,
      [
        ["Name", "string", 0],
        ["Ready", "string", 0],
        ["Up-to-date", "string", 0],
        ["Available", "string", 0],
        ["Age", "string", 0],
        ["Containers", "string", 1],
        ["Images", "string", 1],
        ["Selector", "string", 1],
      ],
      { replicas: 3, readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 },
      ["web", "2/1", 3, 2, "2m", "app,log", "nginx:1.27,busybox", "app=web"],
    ],
    [
      replicaSetKind,
      [
        ["Name", "string", 0],
        ["Desired", "integer", 0],
        ["Current", "integer", 0],
        ["Ready", "integer", 0],
        ["Age", "string", 0],
        ["Containers", "string", 1],
        ["Images", "string", 1],
        ["Selector", "string", 1],
      ],
      { replicas: 3, readyReplicas: 1 },
      ["web", 1, 3, 1, "2m", "app,log", "nginx:1.27,busybox", "app=web"],
    ],
    [
      statefulSetKind,
      [
        ["Name", "string", 0],
        ["Ready", "string", 0],
        ["Age", "string", 0],
        ["Containers", "string", 1],
        ["Images", "string", 1],
      ],
      { readyReplicas: 1 },
      ["web", "1/1", "2m", "app,log", "nginx:1.27,busybox"],
    ],
    [
      daemonSetKind,
      [
        ["Name", "string", 0],
        ["Desired", "integer", 0],
        ["Current", "integer", 0],
        ["Ready", "integer", 0],
        ["Up-to-date", "integer", 0],
        ["Available", "integer", 0],
        ["Node Selector", "string", 0],
        ["Age", "string", 0],
        ["Containers", "string", 1],
        ["Images", "string", 1],
        ["Selector", "string", 1],
      ],
      { desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 2, updatedNumberScheduled: 3 },
      ["web", 3, 3, 2, 3, 0, "<none>", "2m", "app,log", "nginx:1.27,busybox", "app=web"],
    ],
  ];
  for (const [kind, expectedColumns, status, cells] of cases) {
    it(`${kind.kind} columns and cells`, () => {
      assert.deepEqual(columns(kind), expectedColumns);
      const object = { ...create(kind, workload(kind.kind, { serviceName: "web" })).object, status };
      assert.deepEqual(row(kind, object, NOW), cells);
    });
  }

  it("DaemonSet NODE SELECTOR lists the template's node selector", () => {
    const object = workload("DaemonSet", {
      template: { metadata: { labels: { app: "web" } }, spec: { nodeSelector: { "kubernetes.io/os": "linux", disk: "ssd" }, containers: [] } },
    });
    assert.equal(row(daemonSetKind, object, NOW)[6], "disk=ssd,kubernetes.io/os=linux");
  });
});
