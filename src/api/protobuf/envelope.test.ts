import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { concat, message } from "./_test-encode.js";
import { decodeKubernetesProtobuf } from "./envelope.js";

const MAGIC = Uint8Array.from([0x6b, 0x38, 0x73, 0x00]);

function body(apiVersion: string, kind: string, raw: Uint8Array, ...extra: [number, string][]): Uint8Array {
  return concat(MAGIC, message([1, message([1, apiVersion], [2, kind])], [2, raw], ...extra));
}

describe("decodeKubernetesProtobuf", () => {
  test("puts apiVersion and kind from the envelope on the decoded object", () => {
    const raw = message([1, message([1, "cfg"])], [2, message([1, "a"], [2, "1"])]);
    assert.deepEqual(decodeKubernetesProtobuf(body("v1", "ConfigMap", raw, [3, ""], [4, ""])), {
      ok: true,
      value: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cfg" }, data: { a: "1" } },
    });
  });

  test("gives an object without a metadata message an empty one, as Go's value field reads", () => {
    assert.deepEqual(decodeKubernetesProtobuf(body("v1", "ServiceAccount", new Uint8Array(0))), {
      ok: true,
      value: { apiVersion: "v1", kind: "ServiceAccount", metadata: {} },
    });
  });

  test("returns errors as values", () => {
    const cases: [string, Uint8Array, RegExp][] = [
      ["no magic", message([1, "x"]), /does not start with the Kubernetes magic bytes/],
      ["empty body", new Uint8Array(0), /does not start with the Kubernetes magic bytes/],
      ["unknown kind", body("example.com/v1", "Widget", new Uint8Array(0)), /No protobuf decoding for kind "Widget" in "example.com\/v1"/],
      ["encoded raw", body("v1", "Secret", new Uint8Array(0), [3, "gzip"]), /Unsupported protobuf content encoding "gzip"/],
      ["JSON raw", body("v1", "Secret", new Uint8Array(0), [4, "application/json"]), /Unsupported content type "application\/json"/],
      ["truncated", concat(MAGIC, Uint8Array.from([0x0a, 0x20, 0x0a])), /Malformed protobuf body: .*runs past the end/],
      ["bad object", body("v1", "Secret", message([1, 5])), /Malformed protobuf body: metadata: Wire type 0, expected 2/],
    ];
    for (const [name, input, error] of cases) {
      const result = decodeKubernetesProtobuf(input);
      assert.equal(result.ok, false, name);
      if (!result.ok) assert.match(result.error, error, name);
    }
  });
});
