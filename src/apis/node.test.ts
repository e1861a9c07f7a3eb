import { test } from "node:test";
import assert from "node:assert/strict";
import { nodeKind } from "./node.js";
import { create, object, row, update } from "./common/_core-test-kit.js";

const node = (fields: Record<string, unknown>, name = "node-1") => object(nodeKind, fields, name);

test("Node create keeps status, defaults allocatable and syncs pod CIDRs", () => {
  const { object: created, errors } = create(
    nodeKind,
    node({
      spec: { podCIDR: "10.244.0.0/24", configSource: { configMap: { namespace: "kube-system", name: "k", kubeletConfigKey: "c" } } },
      status: { capacity: { cpu: "4", memory: "8Gi", pods: "110" }, config: { error: "x" } },
    }),
  );
  assert.deepEqual(errors, []);
  assert.deepEqual(created.spec, { podCIDR: "10.244.0.0/24", podCIDRs: ["10.244.0.0/24"] });
  assert.deepEqual(created.status, { capacity: { cpu: "4", memory: "8Gi", pods: "110" }, allocatable: { cpu: "4", memory: "8Gi", pods: "110" } });
  const fromList = create(nodeKind, node({ spec: { podCIDRs: ["10.244.1.0/24", "fd00:1::/64"] } })).object;
  assert.deepEqual(fromList.spec, { podCIDRs: ["10.244.1.0/24", "fd00:1::/64"], podCIDR: "10.244.1.0/24" });
});

test("Node validation reports upstream's causes", () => {
  const cases: [string, Record<string, unknown>, string[]][] = [
    ["valid", { spec: { taints: [{ key: "dedicated", value: "gpu", effect: "NoSchedule" }] } }, []],
    ["taint effect required", { spec: { taints: [{ key: "a" }] } }, ["metadata.taints[0].effect: Required value"]],
    ["taint effect values", { spec: { taints: [{ key: "a", effect: "NoRun" }] } }, [
      'metadata.taints[0].effect: Unsupported value: "NoRun": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"',
    ]],
    ["taint key", { spec: { taints: [{ key: "a b", effect: "NoSchedule" }] } }, [
      "metadata.taints[0].key: Invalid value: \"a b\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    ]],
    ["duplicate taints", { spec: { taints: [{ key: "a", effect: "NoSchedule" }, { key: "a", value: "x", effect: "NoSchedule" }] } }, [
      'metadata.taints[1]: Duplicate value: {"key":"a","value":"x","effect":"NoSchedule"}: taints must be unique by key and effect pair',
    ]],
    ["same key, other effect", { spec: { taints: [{ key: "a", effect: "NoSchedule" }, { key: "a", effect: "NoExecute" }] } }, []],
    ["negative capacity, defaulted into allocatable", { status: { capacity: { cpu: "-1" } } }, [
      'status.capacity.cpu: Invalid value: "-1": must be greater than or equal to 0',
      'status.allocatable.cpu: Invalid value: "-1": must be greater than or equal to 0',
    ]],
    ["not a quantity", { status: { allocatable: { memory: "lots" } } }, [
      "status.allocatable.memory: Invalid value: \"lots\": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
    ]],
    ["pods are whole", { status: { capacity: { pods: "110" }, allocatable: { pods: "1500m" } } }, ['status.allocatable.pods: Invalid value: "1500m": must be an integer']],
    ["bad pod CIDR", { spec: { podCIDRs: ["10.244.0.0/33"] } }, [
      'spec.podCIDRs[0]: Invalid value: "10.244.0.0/33": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
    ]],
    ["one CIDR per family", { spec: { podCIDRs: ["10.244.0.0/24", "10.245.0.0/24"] } }, [
      'spec.podCIDRs: Invalid value: ["10.244.0.0/24","10.245.0.0/24"]: may specify no more than one CIDR for each IP family',
    ]],
  ];
  for (const [name, fields, want] of cases) assert.deepEqual(create(nodeKind, node(fields)).errors, want, name);
});

test("Node updates may not change assigned CIDRs, provider ID or addresses twice", () => {
  const old = create(nodeKind, node({ spec: { podCIDRs: ["10.244.0.0/24"], providerID: "kind://node-1" } })).object;
  const cases: [string, Record<string, unknown>, string[]][] = [
    ["unchanged", { spec: { podCIDRs: ["10.244.0.0/24"], providerID: "kind://node-1", unschedulable: true } }, []],
    ["new CIDR", { spec: { podCIDRs: ["10.244.9.0/24"], providerID: "kind://node-1" } }, [
      'spec.podCIDRs: Forbidden: node updates may not change podCIDR except from "" to valid',
    ]],
    ["provider ID", { spec: { podCIDRs: ["10.244.0.0/24"], providerID: "kind://other" } }, [
      'spec.providerID: Forbidden: node updates may not change providerID except from "" to valid',
    ]],
    ["external ID", { spec: { podCIDRs: ["10.244.0.0/24"], providerID: "kind://node-1", externalID: "x" } }, [
      "spec.externalID: Forbidden: may not be updated",
    ]],
    [
      "duplicate addresses",
      {
        spec: { podCIDRs: ["10.244.0.0/24"], providerID: "kind://node-1" },
        status: { addresses: [{ type: "InternalIP", address: "10.0.0.5" }, { type: "InternalIP", address: "10.0.0.5" }] },
      },
      ['status.addresses[1]: Duplicate value: {"type":"InternalIP","address":"10.0.0.5"}'],
    ],
  ];
  for (const [name, fields, want] of cases) assert.deepEqual(update(nodeKind, node(fields), old).errors, want, name);
  const unassigned = create(nodeKind, node({})).object;
  assert.deepEqual(update(nodeKind, node({ spec: { podCIDRs: ["10.244.3.0/24"] } }), unassigned).errors, []);
});

test("Node table rows match kubectl get nodes -o wide", () => {
  const ready = { type: "Ready", status: "True" };
  const info = { kubeletVersion: "v1.32.0", osImage: "Debian 12", kernelVersion: "6.1.0", containerRuntimeVersion: "containerd://1.7.24" };
  const addresses = [{ type: "Hostname", address: "node-1" }, { type: "InternalIP", address: "10.0.0.5" }, { type: "InternalIP", address: "10.0.0.6" }];
  const cases: [string, Record<string, unknown>, unknown[]][] = [
    [
      "ready control plane",
      { metadata: { labels: { "node-role.kubernetes.io/control-plane": "", "node-role.kubernetes.io/": "x" } }, status: { conditions: [ready], nodeInfo: info, addresses } },
      ["node-1", "Ready", "control-plane", "5m", "v1.32.0", "10.0.0.5", "<none>", "Debian 12", "6.1.0", "containerd://1.7.24"],
    ],
    [
      "cordoned and not ready",
      { metadata: { labels: { "kubernetes.io/role": "worker", "node-role.kubernetes.io/infra": "" } }, spec: { unschedulable: true }, status: { conditions: [{ type: "Ready", status: "Unknown" }] } },
      ["node-1", "NotReady,SchedulingDisabled", "infra,worker", "5m", "", "<none>", "<none>", "<unknown>", "<unknown>", "<unknown>"],
    ],
    ["no conditions yet", { status: { conditions: [{ type: "MemoryPressure", status: "False" }] } }, ["node-1", "Unknown", "<none>", "5m", "", "<none>", "<none>", "<unknown>", "<unknown>", "<unknown>"]],
  ];
  for (const [name, fields, want] of cases) assert.deepEqual(row(nodeKind, node(fields)), want, name);
  assert.deepEqual(nodeKind.columns.map((c) => [c.name, c.priority]), [
    ["Name", 0], ["Status", 0], ["Roles", 0], ["Age", 0], ["Version", 0],
    ["Internal-IP", 1], ["External-IP", 1], ["OS-Image", 1], ["Kernel-Version", 1], ["Container-Runtime", 1],
  ]);
});

test("Node selectable field spec.unschedulable reads false when unset", () => {
  assert.deepEqual(nodeKind.selectableFields(node({})), { "spec.unschedulable": "false" });
  assert.deepEqual(nodeKind.selectableFields(node({ spec: { unschedulable: true } })), { "spec.unschedulable": "true" });
});
