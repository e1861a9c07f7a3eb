import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Schema } from "../../apis/types.js";
import { deploymentKind } from "../../apis/deployment.js";
import { encodeFieldsV1 } from "./fields-v1.js";
import { mergeValues, removePaths } from "./merge.js";
import { FieldSet } from "./field-set.js";
import { FieldPathError, shapeOf } from "./shape.js";
import { compareObjects, isSame, toFieldSet } from "./walk.js";

const deployment = deploymentKind.schema;
const str: Schema = { type: "string" };
const test_schema: Schema = {
  type: "object",
  properties: {
    data: { type: "object", additionalProperties: str },
    tags: { type: "array", items: str, "x-kubernetes-list-type": "set" },
    finalizers: { type: "array", items: str, "x-kubernetes-patch-strategy": "merge" },
    args: { type: "array", items: str },
    hosts: { type: "array", items: { type: "object", properties: { ip: str, names: { type: "array", items: str } } }, "x-kubernetes-patch-merge-key": "ip", "x-kubernetes-patch-strategy": "merge" },
    selector: { type: "object", properties: { a: str }, "x-kubernetes-map-type": "atomic" },
    free: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
  },
};

function app(extra: Record<string, unknown> = {}) {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "web", labels: { app: "web" } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: "web" } },
      template: {
        metadata: { labels: { app: "web" } },
        spec: { containers: [{ name: "app", image: "nginx:1", ports: [{ containerPort: 8080 }] }] },
      },
      ...extra,
    },
  };
}

describe("shapes from the schema", () => {
  const shape = (key: string, value: unknown) => shapeOf(test_schema.properties?.[key], value).kind;
  test("list types, merge strategies and atomic maps decide how values merge", () => {
    assert.equal(shape("tags", []), "set-list");
    assert.equal(shape("finalizers", []), "set-list");
    assert.equal(shape("args", []), "leaf");
    assert.equal(shape("hosts", []), "map-list");
    assert.equal(shape("selector", {}), "leaf");
    assert.equal(shape("data", {}), "fields");
    assert.equal(shape("free", { a: [1] }), "fields");
    assert.equal(shape("data", null), "leaf");
  });
});

describe("toFieldSet", () => {
  test("a Deployment's fields are owned as upstream lists them", () => {
    assert.deepEqual(encodeFieldsV1(toFieldSet(app(), deployment)), {
      "f:apiVersion": {},
      "f:kind": {},
      "f:metadata": { "f:labels": { "f:app": {} }, "f:name": {} },
      "f:spec": {
        "f:replicas": {},
        "f:selector": {},
        "f:template": {
          "f:metadata": { "f:labels": { "f:app": {} } },
          "f:spec": {
            "f:containers": {
              'k:{"name":"app"}': {
                ".": {},
                "f:image": {},
                "f:name": {},
                "f:ports": { 'k:{"containerPort":8080,"protocol":"TCP"}': { ".": {}, "f:containerPort": {} } },
              },
            },
          },
        },
      },
    });
  });

  test("sets own each value; atomic lists and maps own only themselves; empty objects and nulls are members", () => {
    const set = toFieldSet({ tags: ["a", "b"], args: ["x"], selector: { a: "1" }, data: {}, free: { n: null, deep: { x: 1 } } }, test_schema);
    assert.deepEqual(encodeFieldsV1(set), {
      "f:args": {},
      "f:data": {},
      "f:free": { "f:deep": { ".": {}, "f:x": {} }, "f:n": {} },
      "f:selector": {},
      "f:tags": { 'v:"a"': {}, 'v:"b"': {} },
    });
  });

  test("a map-list item without its key and without a default is refused", () => {
    assert.throws(() => toFieldSet({ hosts: [{ names: ["x"] }] }, test_schema), FieldPathError);
  });
});

describe("compareObjects", () => {
  test("equal versions compare as the same, free-form maps and sets included", () => {
    const value = { data: { a: "1" }, tags: ["a"], hosts: [{ ip: "1.1.1.1", names: ["x"] }], selector: { a: "1" }, free: { deep: { x: 1 } } };
    assert.ok(isSame(compareObjects(value, structuredClone(value), test_schema)));
  });

  test("a map-list item without its key is refused even when it did not change", () => {
    const value = { data: { a: "1" }, hosts: [{ names: ["x"] }] };
    assert.throws(() => compareObjects(value, { ...structuredClone(value), data: { a: "2" } }, test_schema), FieldPathError);
  });

  test("finds added, removed and modified leaves", () => {
    const before = app();
    const after = app({ replicas: 3, paused: true });
    after.metadata.labels = {} as { app: string };
    const comparison = compareObjects(before, after, deployment);
    assert.deepEqual(encodeFieldsV1(comparison.modified), { "f:spec": { "f:replicas": {} } });
    assert.deepEqual(encodeFieldsV1(comparison.added), { "f:spec": { "f:paused": {} } });
    assert.deepEqual(encodeFieldsV1(comparison.removed), { "f:metadata": { "f:labels": { "f:app": {} } } });
  });

  test("a new list item is added with its fields; a gone one removed with its fields", () => {
    const after = app();
    after.spec.template.spec.containers = [{ name: "side", image: "busybox", ports: [] as never[] }];
    const comparison = compareObjects(app(), after, deployment);
    const containers = ["f:spec", "f:template", "f:spec", "f:containers"];
    assert.ok(comparison.added.has([...containers, 'k:{"name":"side"}']));
    assert.ok(comparison.added.has([...containers, 'k:{"name":"side"}', "f:image"]));
    assert.ok(comparison.removed.has([...containers, 'k:{"name":"app"}']));
    assert.ok(comparison.removed.has([...containers, 'k:{"name":"app"}', "f:ports", 'k:{"containerPort":8080,"protocol":"TCP"}', "f:containerPort"]));
  });

  test("identical objects, in any key order, are the same", () => {
    const reordered = JSON.parse(JSON.stringify({ spec: app().spec, metadata: app().metadata, kind: "Deployment", apiVersion: "apps/v1" })) as unknown;
    assert.ok(isSame(compareObjects(app(), reordered, deployment)));
  });

  test("an atomic value changes as a whole", () => {
    const comparison = compareObjects({ args: ["a"], selector: { a: "1" } }, { args: ["a", "b"], selector: { a: "2" } }, test_schema);
    assert.deepEqual(encodeFieldsV1(comparison.modified), { "f:args": {}, "f:selector": {} });
  });
});

describe("mergeValues", () => {
  test("the configuration wins at leaves and merges map-lists by key", () => {
    const live = app();
    live.spec.template.spec.containers.push({ name: "side", image: "busybox:1", ports: [] });
    const config = { spec: { replicas: 5, template: { spec: { containers: [{ name: "new", image: "x" }, { name: "app", image: "nginx:2" }] } } } };
    const merged = mergeValues(live, config, deployment) as ReturnType<typeof app>;
    assert.equal(merged.spec.replicas, 5);
    assert.deepEqual(merged.spec.template.spec.containers.map((c) => `${c.name}=${c.image}`), ["app=nginx:2", "side=busybox:1", "new=x"]);
    assert.deepEqual(merged.spec.template.spec.containers[0]?.ports, [{ containerPort: 8080 }]);
    assert.equal(live.spec.replicas, 2, "the live object is left alone");
  });

  test("sets take the union; atomic lists and maps are replaced; null removes", () => {
    const merged = mergeValues(
      { tags: ["a", "b"], args: ["1", "2"], selector: { a: "1" }, data: { x: "1", y: "2" } },
      { tags: ["c", "a"], args: ["3"], selector: {}, data: { y: null } },
      test_schema,
    );
    assert.deepEqual(merged, { tags: ["a", "b", "c"], args: ["3"], selector: {}, data: { x: "1" } });
  });
});

describe("removePaths", () => {
  test("removes members with everything below, and containers the removal empties", () => {
    const value = { data: { a: "1", b: "2" }, tags: ["x", "y"], hosts: [{ ip: "1.1.1.1", names: ["a"] }, { ip: "2.2.2.2" }] };
    const paths = FieldSet.of([["f:data", "f:b"], ["f:tags", 'v:"x"'], ["f:tags", 'v:"y"'], ["f:hosts", 'k:{"ip":"1.1.1.1"}']]);
    assert.deepEqual(removePaths(value, paths, test_schema), { data: { a: "1" }, hosts: [{ ip: "2.2.2.2" }] });
  });

  test("a removed member stays when a path below it is kept, losing only what nobody keeps", () => {
    const value = { data: { a: "1", b: "2" } };
    const kept = FieldSet.of([["f:data", "f:a"]]);
    assert.deepEqual(removePaths(value, FieldSet.of([["f:data"], ["f:data", "f:b"]]), test_schema, kept), { data: { a: "1" } });
    assert.equal(removePaths(value, FieldSet.of([["f:data"]]), test_schema), undefined, "emptied entirely");
  });

  test("keeps containers that were empty before", () => {
    assert.deepEqual(removePaths({ data: {}, tags: ["x"] }, FieldSet.of([["f:tags", 'v:"x"']]), test_schema), { data: {} });
  });
});
