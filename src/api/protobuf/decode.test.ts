import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { concat, message, varint } from "./_test-encode.js";
import { decodeMessage } from "./decode.js";
import { ProtobufError } from "./wire.js";

/** A map entry message {key=1, value=2}. */
function entry(key: string, value?: string | Uint8Array): Uint8Array {
  return value === undefined ? message([1, key]) : message([1, key], [2, value]);
}

describe("decodeMessage presence", () => {
  test("zeros of Go value fields tagged omitempty read as unset", () => {
    const meta = message([1, "web"], [2, ""], [3, ""], [5, ""], [6, ""], [7, 0]);
    assert.deepEqual(decodeMessage(meta, "meta.v1.ObjectMeta"), { name: "web" });
  });

  test("zeros of pointer fields and of untagged fields are kept", () => {
    // DeploymentSpec.replicas is *int32; ContainerPort.containerPort has no omitempty.
    assert.deepEqual(decodeMessage(message([1, 0]), "apps.v1.DeploymentSpec"), { replicas: 0 });
    assert.deepEqual(decodeMessage(message([3, 0], [1, ""]), "core.v1.ContainerPort"), { containerPort: 0 });
    assert.deepEqual(decodeMessage(message([21, false]), "core.v1.PodSpec"), { automountServiceAccountToken: false });
  });

  test("a present empty message is an empty object; an absent one is absent", () => {
    assert.deepEqual(decodeMessage(message([2, new Uint8Array(0)]), "core.v1.Namespace"), { spec: {} });
    assert.deepEqual(decodeMessage(new Uint8Array(0), "core.v1.Namespace"), {});
  });

  test("unknown field numbers are skipped whatever their wire type", () => {
    const bytes = concat(message([99, "x"], [98, 7], [1, "kept"]), varint(97 * 8 + 5), new Uint8Array(4));
    assert.deepEqual(decodeMessage(bytes, "core.v1.LocalObjectReference"), { name: "kept" });
  });
});

describe("decodeMessage lists and maps", () => {
  test("repeated fields append in order; an empty packed list stays absent", () => {
    const rule = message([1, "get"], [1, "list"], [3, "pods"]);
    assert.deepEqual(decodeMessage(rule, "rbac.v1.PolicyRule"), { verbs: ["get", "list"], resources: ["pods"] });
    assert.deepEqual(decodeMessage(message([2, new Uint8Array(0)]), "core.v1.ContainerRestartRuleOnExitCodes"), {});
  });

  test("varint lists are read packed or unpacked", () => {
    const packed = message([1, "In"], [2, concat(varint(1), varint(-2), varint(300))]);
    const unpacked = message([1, "In"], [2, 1], [2, -2], [2, 300]);
    const want = { operator: "In", values: [1, -2, 300] };
    assert.deepEqual(decodeMessage(packed, "core.v1.ContainerRestartRuleOnExitCodes"), want);
    assert.deepEqual(decodeMessage(unpacked, "core.v1.ContainerRestartRuleOnExitCodes"), want);
  });

  test("maps are entry messages; a missing value reads as its type's zero", () => {
    const meta = message([11, entry("app", "web")], [11, entry("tier")], [12, entry("note", "")]);
    assert.deepEqual(decodeMessage(meta, "meta.v1.ObjectMeta"), { labels: { app: "web", tier: "" }, annotations: { note: "" } });
    const hard = message([1, entry("pods", message([1, "10"]))], [1, entry("cpu")]);
    assert.deepEqual(decodeMessage(hard, "core.v1.ResourceQuotaSpec"), { hard: { pods: "10", cpu: "0" } });
  });

  test("a map key named __proto__ is an ordinary key", () => {
    const labels = decodeMessage(message([11, entry("__proto__", "x")]), "meta.v1.ObjectMeta")["labels"];
    assert.deepEqual(Object.getOwnPropertyDescriptor(labels, "__proto__")?.value, "x");
    assert.equal(Object.getPrototypeOf(labels), Object.prototype);
  });

  test("bytes values are base64, as Go's JSON writes []byte", () => {
    const secret = message([2, entry("p", Uint8Array.from([0, 255, 120]))], [2, entry("empty", new Uint8Array(0))]);
    assert.deepEqual(decodeMessage(secret, "core.v1.Secret"), { data: { p: "AP94", empty: "" } });
  });

  test("a message field seen twice merges, as protobuf requires", () => {
    const meta = concat(message([1, message([1, "a"], [11, entry("x", "1")])]), message([1, message([11, entry("y", "2")])]));
    assert.deepEqual(decodeMessage(meta, "core.v1.PodTemplateSpec"), { metadata: { name: "a", labels: { x: "1", y: "2" } } });
  });
});

describe("decodeMessage inline and wrapper types", () => {
  test("inline (embedded) messages write their fields into the parent", () => {
    const probe = message([1, message([1, message([1, "cat"], [1, "/ready"])])], [2, 5]);
    assert.deepEqual(decodeMessage(probe, "core.v1.Probe"), { exec: { command: ["cat", "/ready"] }, initialDelaySeconds: 5 });
    const selector = message([1, message([1, "cfg"])], [2, "key"]);
    assert.deepEqual(decodeMessage(selector, "core.v1.ConfigMapKeySelector"), { name: "cfg", key: "key" });
  });

  test("IntOrString is a number for type 0 and a string for type 1", () => {
    const port = (value: Uint8Array) => decodeMessage(message([4, value]), "core.v1.ServicePort");
    assert.deepEqual(port(message([1, 0], [2, 8080], [3, ""])), { targetPort: 8080 });
    assert.deepEqual(port(message([1, 1], [2, 0], [3, "http"])), { targetPort: "http" });
    assert.deepEqual(port(new Uint8Array(0)), { targetPort: 0 });
    assert.throws(() => port(message([1, 2])), /targetPort: IntOrString type 2/);
  });

  test("Time is RFC 3339 in seconds; Go's zero time, sent empty or spelled out, is null", () => {
    const meta = (time: Uint8Array) => decodeMessage(message([8, time]), "meta.v1.ObjectMeta");
    assert.deepEqual(meta(message([1, 1700000000], [2, 999])), { creationTimestamp: "2023-11-14T22:13:20Z" });
    assert.deepEqual(meta(message([1, 0])), { creationTimestamp: "1970-01-01T00:00:00Z" });
    assert.deepEqual(meta(new Uint8Array(0)), { creationTimestamp: null });
    assert.deepEqual(meta(message([1, -62135596800])), { creationTimestamp: null });
    assert.throws(() => meta(message([1, 253402300800])), /creationTimestamp: Time .* outside years 1-9999/);
  });

  test("raw JSON wrappers (FieldsV1) become the document they hold", () => {
    const fields = message([1, '{"f:metadata":{}}']);
    const entryBytes = message([1, "kubectl"], [7, fields]);
    assert.deepEqual(decodeMessage(entryBytes, "meta.v1.ManagedFieldsEntry"), { manager: "kubectl", fieldsV1: { "f:metadata": {} } });
    assert.deepEqual(decodeMessage(message([7, new Uint8Array(0)]), "meta.v1.ManagedFieldsEntry"), { fieldsV1: null });
    assert.throws(() => decodeMessage(message([7, message([1, "{"])]), "meta.v1.ManagedFieldsEntry"), /fieldsV1: Embedded raw JSON/);
  });
});

describe("decodeMessage errors", () => {
  test("a wire type that contradicts the field's type names the path to the field", () => {
    const container = message([1, "c"], [6, message([3, "eighty"])]);
    const spec = message([2, message([1, "ok"])], [2, container]);
    assert.throws(
      () => decodeMessage(message([2, spec]), "core.v1.PodTemplateSpec"),
      (error: unknown) =>
        error instanceof ProtobufError && error.message === "spec.containers[1].ports[0].containerPort: Wire type 2, expected 0",
    );
  });

  test("an unknown message name is an error, not an empty object", () => {
    assert.throws(() => decodeMessage(new Uint8Array(0), "core.v1.NoSuchThing"), /No descriptor for message core.v1.NoSuchThing/);
  });
});
