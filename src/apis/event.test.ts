import { test } from "node:test";
import assert from "node:assert/strict";
import { eventKind } from "./event.js";
import { ago, create, object, row } from "./common/_core-test-kit.js";

const event = (fields: Record<string, unknown>) => object(eventKind, fields, "web-1.17a");
const pod = { kind: "Pod", namespace: "default", name: "web-1", uid: "u1", apiVersion: "v1", fieldPath: "spec.containers{app}" };

test("Event validation applies upstream's legacy rules", () => {
  const recent = { eventTime: "2025-01-01T11:59:00.000000Z", reportingComponent: "kubelet", reportingInstance: "node-1", action: "Pulling", reason: "Pulling" };
  const cases: [string, Record<string, unknown>, string[]][] = [
    ["old style", { involvedObject: pod, reason: "Scheduled" }, []],
    ["old style, other namespace", { involvedObject: { ...pod, namespace: "other" } }, [
      'involvedObject.namespace: Invalid value: "other": does not match event.namespace',
    ]],
    ["old style, cluster-scoped object in default", { involvedObject: { kind: "Node", name: "node-1" } }, []],
    ["new style", { ...recent, involvedObject: pod }, []],
    ["new style, missing reporter", { eventTime: recent.eventTime, involvedObject: pod, action: "A", reason: "R" }, [
      "reportingComponent: Required value",
      "reportingComponent: Invalid value: \"\": name part must be non-empty",
      "reportingInstance: Required value",
    ]],
    ["new style, long reason", { ...recent, involvedObject: pod, reason: "R".repeat(129) }, [
      'reason: Invalid value: "": can have at most 128 characters',
    ]],
  ];
  for (const [name, fields, want] of cases) assert.deepEqual(create(eventKind, event(fields)).errors, want, name);
});

test("Event rows lead with LAST SEEN, as kubectl get events -o wide prints them", () => {
  const cases: [string, Record<string, unknown>, unknown[]][] = [
    [
      "recorded event",
      { involvedObject: pod, type: "Normal", reason: "Pulled", message: " Pulled image \n", source: { component: "kubelet", host: "node-1" }, firstTimestamp: ago(600), lastTimestamp: ago(60), count: 4 },
      ["60s", "Normal", "Pulled", "pod/web-1", "spec.containers{app}", "kubelet, node-1", "Pulled image", "10m", 4, "web-1.17a"],
    ],
    [
      "events.k8s.io singleton",
      { involvedObject: { kind: "Node" }, type: "Warning", reason: "Rebooted", eventTime: ago(30), reportingComponent: "kubelet", reportingInstance: "node-2" },
      ["30s", "Warning", "Rebooted", "node", "", "kubelet, node-2", "", "30s", 1, "web-1.17a"],
    ],
    [
      "series",
      { involvedObject: pod, series: { count: 7, lastObservedTime: ago(5) }, eventTime: ago(900), reportingComponent: "kubelet" },
      ["5s", "", "", "pod/web-1", "spec.containers{app}", "kubelet", "", "15m", 7, "web-1.17a"],
    ],
    ["no times", { involvedObject: pod }, ["<unknown>", "", "", "pod/web-1", "spec.containers{app}", "", "", "<unknown>", 1, "web-1.17a"]],
  ];
  for (const [name, fields, want] of cases) assert.deepEqual(row(eventKind, event(fields)), want, name);
  assert.deepEqual(eventKind.columns.map((c) => [c.name, c.priority]), [
    ["Last Seen", 0], ["Type", 0], ["Reason", 0], ["Object", 0], ["Subobject", 1], ["Source", 1], ["Message", 0], ["First Seen", 1], ["Count", 1], ["Name", 1],
  ]);
});

test("Event selectable fields", () => {
  const fields = eventKind.selectableFields(event({ involvedObject: pod, reason: "Pulled", type: "Normal", reportingComponent: "kubelet" }));
  assert.deepEqual(fields, {
    "involvedObject.kind": "Pod",
    "involvedObject.namespace": "default",
    "involvedObject.name": "web-1",
    "involvedObject.uid": "u1",
    "involvedObject.apiVersion": "v1",
    "involvedObject.resourceVersion": "",
    "involvedObject.fieldPath": "spec.containers{app}",
    reason: "Pulled",
    reportingComponent: "kubelet",
    source: "kubelet",
    type: "Normal",
  });
});
