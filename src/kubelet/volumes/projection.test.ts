import assert from "node:assert/strict";
import { test } from "node:test";
import type { KubeObject } from "../../apis/types.js";
import { objectData, type DataLookup } from "../object-data.js";
import { volumePayload, type ProjectionContext } from "./projection.js";

const pod: KubeObject = { apiVersion: "v1", kind: "Pod", metadata: { name: "web", namespace: "shop", uid: "u", labels: { b: "2", a: "1" } }, spec: { containers: [{ name: "c", resources: { limits: { memory: "64Mi" } } }] } };
const stored: KubeObject[] = [
  { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cfg", namespace: "shop" }, data: { one: "1", two: "2" }, binaryData: { bin: Buffer.from([0, 1]).toString("base64") } },
  { apiVersion: "v1", kind: "Secret", metadata: { name: "s", namespace: "shop" }, data: { token: Buffer.from("t0k").toString("base64") } },
];
const lookup: DataLookup = async (kind, namespace, name) => {
  const found = stored.find((o) => o.kind === kind && o.metadata.namespace === namespace && o.metadata.name === name);
  return found ? objectData(found) : undefined;
};
const context: ProjectionContext = { pod, lookup, allocatable: { cpu: 2, memory: 2 ** 30, ephemeralStorage: 0 } };

function summary(result: Awaited<ReturnType<typeof volumePayload>>): unknown {
  if (!result?.ok) return result;
  return Object.fromEntries([...result.files].map(([path, f]) => [path, [f.data.toString("utf8"), f.mode.toString(8)]]));
}

test("a configMap volume projects every key, or only the listed items with their modes", async () => {
  assert.deepEqual(summary(await volumePayload({ name: "v", configMap: { name: "cfg" } }, context)), { one: ["1", "644"], two: ["2", "644"], bin: ["\u0000\u0001", "644"] });
  assert.deepEqual(summary(await volumePayload({ name: "v", configMap: { name: "cfg", defaultMode: 0o400, items: [{ key: "two", path: "dir/2.txt" }, { key: "one", path: "1", mode: 0o600 }] } }, context)), {
    "dir/2.txt": ["2", "400"],
    "1": ["1", "600"],
  });
});

test("missing objects and keys fail the mount unless optional", async () => {
  assert.deepEqual(await volumePayload({ name: "v", configMap: { name: "nope" } }, context), { ok: false, message: 'configmap "nope" not found' });
  assert.deepEqual(summary(await volumePayload({ name: "v", configMap: { name: "nope", optional: true } }, context)), {});
  assert.deepEqual(await volumePayload({ name: "v", secret: { secretName: "s", items: [{ key: "x", path: "x" }] } }, context), { ok: false, message: "references non-existent secret key: x" });
});

test("secret, downwardAPI and projected volumes", async () => {
  assert.deepEqual(summary(await volumePayload({ name: "v", secret: { secretName: "s" } }, context)), { token: ["t0k", "644"] });
  assert.deepEqual(
    summary(
      await volumePayload(
        { name: "v", downwardAPI: { items: [{ path: "labels", fieldRef: { fieldPath: "metadata.labels" } }, { path: "mem", resourceFieldRef: { containerName: "c", resource: "limits.memory", divisor: "1Mi" } }] } },
        context,
      ),
    ),
    { labels: ['a="1"\nb="2"', "644"], mem: ["64", "644"] },
  );
  assert.deepEqual(
    summary(await volumePayload({ name: "v", projected: { defaultMode: 0o440, sources: [{ configMap: { name: "cfg", items: [{ key: "one", path: "one" }] } }, { secret: { name: "s" } }, { downwardAPI: { items: [{ path: "name", fieldRef: { fieldPath: "metadata.name" } }] } }] } }, context)),
    { one: ["1", "440"], token: ["t0k", "440"], name: ["web", "440"] },
  );
  assert.equal(await volumePayload({ name: "v", emptyDir: {} }, context), undefined);
});
