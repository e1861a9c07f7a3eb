import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Schema } from "../apis/types.js";
import { applyStrategicMergePatch } from "./strategic-merge-patch.js";

// Small stand-ins for the kind schemas in src/apis/, with the merge keys and
// strategies upstream's OpenAPI gives these fields.

const str: Schema = { type: "string" };
const int: Schema = { type: "integer" };
const stringMap: Schema = { type: "object", additionalProperties: str };

function mergeList(key: string, items: Schema, strategy = "merge"): Schema {
  return { type: "array", items, "x-kubernetes-patch-merge-key": key, "x-kubernetes-patch-strategy": strategy };
}

const metadata: Schema = {
  type: "object",
  properties: {
    name: str,
    labels: stringMap,
    annotations: stringMap,
    finalizers: { type: "array", items: str, "x-kubernetes-patch-strategy": "merge" },
  },
};

const container: Schema = {
  type: "object",
  properties: {
    name: str,
    image: str,
    args: { type: "array", items: str },
    ports: mergeList("containerPort", { type: "object", properties: { containerPort: int, protocol: str, name: str } }),
    env: mergeList("name", { type: "object", properties: { name: str, value: str } }),
  },
};

const deploymentSchema: Schema = {
  type: "object",
  properties: {
    apiVersion: str,
    kind: str,
    metadata,
    spec: {
      type: "object",
      properties: {
        replicas: int,
        selector: {
          type: "object",
          properties: { matchLabels: stringMap, matchExpressions: { type: "array", items: { type: "object" } } },
        },
        strategy: {
          type: "object",
          "x-kubernetes-patch-strategy": "retainKeys",
          properties: {
            type: str,
            rollingUpdate: { type: "object", properties: { maxSurge: { "x-kubernetes-int-or-string": true }, maxUnavailable: { "x-kubernetes-int-or-string": true } } },
          },
        },
        template: {
          type: "object",
          properties: {
            metadata,
            spec: {
              type: "object",
              properties: {
                containers: mergeList("name", container),
                tolerations: { type: "array", items: { type: "object", properties: { key: str, operator: str } } },
              },
            },
          },
        },
      },
    },
  },
};

const serviceSchema: Schema = {
  type: "object",
  properties: {
    metadata,
    spec: {
      type: "object",
      properties: {
        type: str,
        selector: stringMap,
        ports: mergeList("port", { type: "object", properties: { name: str, port: int, targetPort: int, protocol: str, nodePort: int } }),
      },
    },
  },
};

const configMapSchema: Schema = { type: "object", properties: { metadata, data: stringMap } };

/** The shape of upstream's strategicpatch test type: a list merged by name and a merging int list. */
const upstreamTestSchema: Schema = {
  type: "object",
  properties: {
    mergingList: mergeList("name", { type: "object", properties: { name: int, value: str, other: str } }),
    mergingIntList: { type: "array", items: int, "x-kubernetes-patch-strategy": "merge" },
  },
};

function deployment(): Record<string, unknown> {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "web", labels: { app: "web", tier: "frontend" }, annotations: { "kubectl.kubernetes.io/last-applied-configuration": "{}" } },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: "web" } },
      strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: "25%" } },
      template: {
        metadata: { labels: { app: "web" } },
        spec: {
          containers: [
            {
              name: "app",
              image: "nginx:1.24",
              args: ["--a", "--b"],
              ports: [{ containerPort: 80, protocol: "TCP" }],
              env: [
                { name: "A", value: "1" },
                { name: "X", value: "2" },
              ],
            },
            { name: "sidecar", image: "busybox" },
          ],
          tolerations: [{ key: "dedicated", operator: "Exists" }],
        },
      },
    },
  };
}

function service(): Record<string, unknown> {
  return {
    metadata: { name: "web" },
    spec: {
      type: "NodePort",
      selector: { app: "web" },
      ports: [
        { name: "http", port: 80, targetPort: 8080, protocol: "TCP", nodePort: 30080 },
        { name: "metrics", port: 9090, targetPort: 9090, protocol: "TCP", nodePort: 30090 },
      ],
    },
  };
}

/** A copy of `document` with the value at each path set (or, for undefined, removed). */
function changed(document: Record<string, unknown>, changes: readonly Change[]): unknown {
  const copy = structuredClone(document);
  for (const [path, value] of changes) {
    const keys = [...path];
    const last = keys.pop() ?? "";
    let parent: Record<string, unknown> = copy;
    for (const key of keys) parent = parent[key] as Record<string, unknown>;
    if (value === undefined) delete parent[last];
    else parent[last] = value;
  }
  return copy;
}

type Change = readonly [path: readonly string[], value: unknown];

const PODSPEC = ["spec", "template", "spec"];
const APP = [...PODSPEC, "containers", "0"];
const LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

function containersOf(document: Record<string, unknown>): unknown[] {
  return (document["spec"] as { template: { spec: { containers: unknown[] } } }).template.spec.containers;
}

describe("applyStrategicMergePatch with the patches kubectl apply sends", () => {
  const cases: [name: string, patch: Record<string, unknown>, changes: Change[]][] = [
    [
      "changing replicas sets the one field and the last-applied annotation",
      { metadata: { annotations: { [LAST_APPLIED]: '{"spec":{"replicas":3}}' } }, spec: { replicas: 3 } },
      [
        [["metadata", "annotations", LAST_APPLIED], '{"spec":{"replicas":3}}'],
        [["spec", "replicas"], 3],
      ],
    ],
    [
      "changing a container image merges by name and keeps the container's other fields",
      { spec: { template: { spec: { "$setElementOrder/containers": [{ name: "app" }, { name: "sidecar" }], containers: [{ image: "nginx:1.25", name: "app" }] } } } },
      [[[...APP, "image"], "nginx:1.25"]],
    ],
    [
      "removing an env var deletes the item with that name",
      {
        spec: {
          template: {
            spec: {
              "$setElementOrder/containers": [{ name: "app" }, { name: "sidecar" }],
              containers: [{ "$setElementOrder/env": [{ name: "A" }], env: [{ $patch: "delete", name: "X" }], name: "app" }],
            },
          },
        },
      },
      [[[...APP, "env"], [{ name: "A", value: "1" }]]],
    ],
    [
      "adding a container port merges by containerPort in the order given",
      {
        spec: {
          template: {
            spec: {
              "$setElementOrder/containers": [{ name: "app" }, { name: "sidecar" }],
              containers: [
                { "$setElementOrder/ports": [{ containerPort: 80 }, { containerPort: 443 }], name: "app", ports: [{ containerPort: 443, protocol: "TCP" }] },
              ],
            },
          },
        },
      },
      [
        [
          [...APP, "ports"],
          [
            { containerPort: 80, protocol: "TCP" },
            { containerPort: 443, protocol: "TCP" },
          ],
        ],
      ],
    ],
    ["removing a label with null deletes the key", { metadata: { labels: { tier: null } } }, [[["metadata", "labels", "tier"], undefined]]],
    [
      "a list without a merge strategy is replaced whole",
      { spec: { template: { spec: { tolerations: [{ key: "gpu", operator: "Exists" }] } } } },
      [[[...PODSPEC, "tolerations"], [{ key: "gpu", operator: "Exists" }]]],
    ],
    [
      "a primitive list without a merge strategy is replaced whole",
      { spec: { template: { spec: { "$setElementOrder/containers": [{ name: "app" }, { name: "sidecar" }], containers: [{ args: ["--c"], name: "app" }] } } } },
      [[[...APP, "args"], ["--c"]]],
    ],
    [
      "$retainKeys clears rollingUpdate when the strategy becomes Recreate",
      { spec: { strategy: { $retainKeys: ["type"], rollingUpdate: null, type: "Recreate" } } },
      [[["spec", "strategy"], { type: "Recreate" }]],
    ],
    [
      "$retainKeys clears defaulted fields the patch does not mention",
      { spec: { strategy: { $retainKeys: ["type"], type: "Recreate" } } },
      [[["spec", "strategy"], { type: "Recreate" }]],
    ],
    [
      "$retainKeys keeps and merges the listed fields",
      { spec: { strategy: { $retainKeys: ["rollingUpdate", "type"], rollingUpdate: { maxSurge: 1 } } } },
      [[["spec", "strategy", "rollingUpdate", "maxSurge"], 1]],
    ],
    [
      "$patch: replace on a map replaces it",
      { spec: { selector: { $patch: "replace", matchLabels: { tier: "x" } } } },
      [[["spec", "selector"], { matchLabels: { tier: "x" } }]],
    ],
    ["$patch: delete on a map removes it", { metadata: { annotations: { $patch: "delete" } } }, [[["metadata", "annotations"], undefined]]],
    [
      "a $patch: replace item makes the other patch items the whole list",
      { spec: { template: { spec: { containers: [{ $patch: "replace" }, { name: "only", image: "alpine" }] } } } },
      [[[...PODSPEC, "containers"], [{ name: "only", image: "alpine" }]]],
    ],
    [
      "without $setElementOrder a new container goes first, where upstream puts it",
      { spec: { template: { spec: { containers: [{ name: "redis", image: "redis" }] } } } },
      [[[...PODSPEC, "containers"], [{ name: "redis", image: "redis" }, ...containersOf(deployment())]]],
    ],
    [
      "with $setElementOrder a new container goes where the order puts it",
      {
        spec: {
          template: {
            spec: { "$setElementOrder/containers": [{ name: "app" }, { name: "sidecar" }, { name: "redis" }], containers: [{ name: "redis", image: "redis" }] },
          },
        },
      },
      [[[...PODSPEC, "containers"], [...containersOf(deployment()), { name: "redis", image: "redis" }]]],
    ],
    ["deleting an item that is not there changes nothing", { spec: { template: { spec: { containers: [{ $patch: "delete", name: "ghost" }] } } } }, []],
    [
      "$setElementOrder alone reorders the list",
      { spec: { template: { spec: { "$setElementOrder/containers": [{ name: "sidecar" }, { name: "app" }] } } } },
      [[[...PODSPEC, "containers"], [...containersOf(deployment())].reverse()]],
    ],
  ];
  for (const [name, patch, changes] of cases) {
    test(name, () => {
      assert.deepEqual(applyStrategicMergePatch(deployment(), patch, deploymentSchema), { ok: true, value: changed(deployment(), changes) });
    });
  }

  const serviceCases: [name: string, patch: Record<string, unknown>, changes: Change[]][] = [
    [
      "service ports merge by port: a changed targetPort keeps the allocated nodePort, a new port is added",
      {
        spec: {
          "$setElementOrder/ports": [{ port: 80 }, { port: 9090 }, { port: 443 }],
          ports: [
            { port: 80, targetPort: 8081 },
            { name: "https", port: 443, targetPort: 8443 },
          ],
        },
      },
      [
        [["spec", "ports", "0", "targetPort"], 8081],
        [["spec", "ports", "2"], { name: "https", port: 443, targetPort: 8443 }],
      ],
    ],
    [
      "removing a service port deletes the item with that port",
      { spec: { "$setElementOrder/ports": [{ port: 80 }], ports: [{ $patch: "delete", port: 9090 }] } },
      [[["spec", "ports"], [(service()["spec"] as { ports: unknown[] }).ports[0]]]],
    ],
    ["a selector map merges key by key", { spec: { selector: { app: "web2", tier: "db" } } }, [[["spec", "selector"], { app: "web2", tier: "db" }]]],
  ];
  for (const [name, patch, changes] of serviceCases) {
    test(name, () => {
      assert.deepEqual(applyStrategicMergePatch(service(), patch, serviceSchema), { ok: true, value: changed(service(), changes) });
    });
  }
});

describe("applyStrategicMergePatch on lists of primitives", () => {
  const configMap = (): Record<string, unknown> => ({ metadata: { name: "c", finalizers: ["a", "b"] }, data: { k: "v" } });
  const cases: [name: string, patch: Record<string, unknown>, finalizers: string[]][] = [
    ["a merging primitive list merges as a set", { metadata: { finalizers: ["b", "c"] } }, ["a", "b", "c"]],
    ["$deleteFromPrimitiveList removes a value", { metadata: { "$deleteFromPrimitiveList/finalizers": ["b"], "$setElementOrder/finalizers": ["a"] } }, ["a"]],
    ["$deleteFromPrimitiveList ignores values not in the list", { metadata: { "$deleteFromPrimitiveList/finalizers": ["z"] } }, ["a", "b"]],
    ["$setElementOrder orders an added value", { metadata: { "$setElementOrder/finalizers": ["c", "a", "b"], finalizers: ["c"] } }, ["c", "a", "b"]],
  ];
  for (const [name, patch, finalizers] of cases) {
    test(name, () => {
      assert.deepEqual(applyStrategicMergePatch(configMap(), patch, configMapSchema), {
        ok: true,
        value: changed(configMap(), [[["metadata", "finalizers"], finalizers]]),
      });
    });
  }

  test("$deleteFromPrimitiveList applies to lists without the merge strategy too", () => {
    const result = applyStrategicMergePatch(deployment(), { spec: { template: { spec: { containers: [{ name: "app", "$deleteFromPrimitiveList/args": ["--a"] }] } } } }, deploymentSchema);
    assert.deepEqual(result, { ok: true, value: changed(deployment(), [[[...APP, "args"], ["--b"]]]) });
  });

  test("$deleteFromPrimitiveList on a missing list adds nothing", () => {
    assert.deepEqual(applyStrategicMergePatch({ metadata: {} }, { metadata: { "$deleteFromPrimitiveList/finalizers": ["a"] } }, configMapSchema), {
      ok: true,
      value: { metadata: {} },
    });
  });
});

describe("applyStrategicMergePatch ordering, as in upstream's strategicpatch tests", () => {
  const named = (...names: number[]): { name: number }[] => names.map((name) => ({ name }));
  const cases: [name: string, original: Record<string, unknown>, patch: Record<string, unknown>, result: Record<string, unknown>][] = [
    [
      "the patch's order wins over the live order for the items it names",
      { mergingList: [{ name: 1, other: "a" }, { name: 2, value: "2", other: "b" }] },
      { "$setElementOrder/mergingList": named(4, 1, 2, 3), mergingList: [{ name: 4, value: "4" }, { name: 3, value: "3" }] },
      { mergingList: [{ name: 4, value: "4" }, { name: 1, other: "a" }, { name: 2, value: "2", other: "b" }, { name: 3, value: "3" }] },
    ],
    [
      "a server-only item at the end stays at the end",
      { mergingList: [{ name: 1, other: "a" }, ...named(3, 4, 2, 9)] },
      { "$setElementOrder/mergingList": named(4, 2, 3, 1) },
      { mergingList: [...named(4, 2, 3), { name: 1, other: "a" }, ...named(9)] },
    ],
    [
      "a server-only item stays before the item that followed it",
      { mergingList: named(1, 2, 9, 3, 4) },
      { "$setElementOrder/mergingList": named(2, 1, 4, 3) },
      { mergingList: named(2, 1, 9, 4, 3) },
    ],
    [
      "a run of server-only items stays together",
      { mergingList: named(1, 2, 7, 9, 8, 3, 4) },
      { "$setElementOrder/mergingList": named(2, 1, 4, 3) },
      { mergingList: named(2, 1, 7, 9, 8, 4, 3) },
    ],
    [
      "$setElementOrder may name items that are gone",
      { mergingList: named(1, 3) },
      { "$setElementOrder/mergingList": named(3, 2, 1), mergingList: [{ name: 3, value: "3" }, { name: 1, value: "1" }] },
      { mergingList: [{ name: 3, value: "3" }, { name: 1, value: "1" }] },
    ],
    ["$setElementOrder orders a primitive list", { mergingIntList: [1, 3] }, { "$setElementOrder/mergingIntList": [3, 2, 1] }, { mergingIntList: [3, 1] }],
    ["a merging primitive list keeps each value once", { mergingIntList: [1, 2] }, { mergingIntList: [2, 3] }, { mergingIntList: [1, 2, 3] }],
    [
      "a delete directive removes every item with that key",
      { mergingList: [...named(1, 1), { name: 2, value: "a" }, ...named(3, 3)] },
      { mergingList: [{ name: 1, $patch: "delete" }, { name: 3, $patch: "delete" }] },
      { mergingList: [{ name: 2, value: "a" }] },
    ],
    ["an empty patch list changes nothing", { mergingList: named(1, 2) }, { mergingList: [] }, { mergingList: named(1, 2) }],
  ];
  for (const [name, original, patch, result] of cases) {
    test(name, () => {
      assert.deepEqual(applyStrategicMergePatch(original, patch, upstreamTestSchema), { ok: true, value: result });
    });
  }
});

describe("applyStrategicMergePatch where the schema is silent", () => {
  const preserved: Schema = { type: "object", properties: { config: { type: "object", "x-kubernetes-preserve-unknown-fields": true } } };
  const replaced: Schema = { type: "object", properties: { raw: { type: "object", "x-kubernetes-patch-strategy": "replace" } } };
  const cases: [name: string, original: unknown, patch: Record<string, unknown>, schema: Schema | undefined, result: unknown][] = [
    ["without a schema maps merge and lists are replaced", { a: { b: 1, c: 0, l: [1, 2] } }, { a: { c: 2, l: [3], b: null } }, undefined, { a: { c: 2, l: [3] } }],
    [
      "preserved unknown fields merge like a merge patch and may hold $ keys",
      { config: { list: [{ name: "a" }], $ref: "x" } },
      { config: { list: [{ name: "b" }], $ref: "y", $schema: "z" } },
      preserved,
      { config: { list: [{ name: "b" }], $ref: "y", $schema: "z" } },
    ],
    ["a free-form map may hold $ keys", { data: { k: "v" } }, { data: { $weird: "1" } }, configMapSchema, { data: { k: "v", $weird: "1" } }],
    ["strategy replace replaces a map whole", { raw: { a: 1, b: 2 } }, { raw: { c: 3 } }, replaced, { raw: { c: 3 } }],
    ["a value of another type replaces the original", { a: "text", b: [1] }, { a: { c: 1 }, b: { d: 2 } }, undefined, { a: { c: 1 }, b: { d: 2 } }],
    ["$patch: replace at the top replaces the document", { a: 1, b: 2 }, { $patch: "replace", c: 3 }, undefined, { c: 3 }],
    ["$patch: delete at the top leaves an empty document, as upstream", { a: 1 }, { $patch: "delete" }, undefined, {}],
    ["an absent original is an empty document", undefined, { a: { b: [1] } }, undefined, { a: { b: [1] } }],
    [
      "$patch: replace on a map the original lacks keeps the patch's fields",
      { spec: {} },
      { spec: { selector: { $patch: "replace", matchLabels: { a: "b" } } } },
      deploymentSchema,
      { spec: { selector: { matchLabels: { a: "b" } } } },
    ],
    [
      "directives and nulls in new values never reach the result",
      { spec: {} },
      {
        spec: {
          template: {
            spec: {
              "$setElementOrder/containers": [{ name: "a" }],
              containers: [{ name: "a", image: "x", env: [{ name: "E", value: null }] }, { $patch: "delete", name: "b" }],
            },
          },
        },
      },
      deploymentSchema,
      { spec: { template: { spec: { containers: [{ name: "a", image: "x", env: [{ name: "E" }] }] } } } },
    ],
  ];
  for (const [name, original, patch, schema, result] of cases) {
    test(name, () => {
      assert.deepEqual(applyStrategicMergePatch(original, patch, schema), { ok: true, value: result });
    });
  }
});

describe("applyStrategicMergePatch refuses malformed patches", () => {
  const containers = (...items: unknown[]): Record<string, unknown> => ({ spec: { template: { spec: { containers: items } } } });
  const cases: [name: string, original: unknown, patch: unknown, schema: Schema | undefined, message: string][] = [
    ["a patch that is not an object", {}, [1], undefined, "a strategic merge patch must be a JSON object"],
    ["an original that is not an object", [1], {}, undefined, "a strategic merge patch applies only to a JSON object"],
    ["an unknown $patch on a map", deployment(), { spec: { strategy: { $patch: "bogus" } } }, deploymentSchema, 'unknown patch type: bogus in map: {"$patch":"bogus"}'],
    ["an unknown $patch on a list item", deployment(), containers({ $patch: "bogus", name: "app" }), deploymentSchema, 'unknown patch type: bogus in map: {"$patch":"bogus","name":"app"}'],
    ["$patch: merge on a list item", deployment(), containers({ $patch: "merge", name: "app" }), deploymentSchema, "merging lists cannot yet be specified in the patch"],
    ["an unknown $ directive in an object with known fields", deployment(), { spec: { $foo: 1 } }, deploymentSchema, "unknown strategic merge patch directive: $foo"],
    ["a merging list item without its merge key", deployment(), containers({ image: "x" }), deploymentSchema, 'map: {"image":"x"} does not contain declared merge key: name'],
    ["a delete directive without the merge key", deployment(), containers({ $patch: "delete" }), deploymentSchema, 'map: {"$patch":"delete"} does not contain declared merge key: name'],
    [
      "a patch list in another order than $setElementOrder",
      { mergingList: [{ name: 1 }, { name: 3 }, { name: 2 }] },
      { "$setElementOrder/mergingList": [{ name: 1 }, { name: 2 }, { name: 3 }], mergingList: [{ name: 3, value: "3" }, { name: 1, value: "1" }] },
      upstreamTestSchema,
      'The order in patch list:\n[{"name":3,"value":"3"},{"name":1,"value":"1"}]\n doesn\'t match $setElementOrder list:\n[{"name":1},{"name":2},{"name":3}]\n',
    ],
    ["$setElementOrder without a field", {}, { $setElementOrder: [] }, undefined, "invalid patch format of setElementOrder list"],
    ["a $setElementOrder that is not a list", { l: [1] }, { "$setElementOrder/l": "x" }, undefined, "invalid patch format of setElementOrder list"],
    ["$deleteFromPrimitiveList that is not a list", { l: [1] }, { "$deleteFromPrimitiveList/l": 1 }, undefined, "invalid patch format of primitive list"],
    ["$retainKeys that is not a list", {}, { $retainKeys: "type" }, undefined, "invalid patch format of retainKeys"],
    [
      "$retainKeys that leaves out a field the patch sets",
      deployment(),
      { spec: { strategy: { $retainKeys: ["type"], type: "RollingUpdate", rollingUpdate: { maxSurge: 1 } } } },
      deploymentSchema,
      "invalid patch format of retainKeys: rollingUpdate is not listed in $retainKeys",
    ],
    ["a merging list of lists", { mergingIntList: [[1]] }, { mergingIntList: [[2]] }, upstreamTestSchema, "lists of lists are not supported"],
    ["a merging list of mixed types", { mergingIntList: [1] }, { mergingIntList: ["2"] }, upstreamTestSchema, 'list element types are not identical: [[1],["2"]]'],
    [
      "a merging list of maps whose schema has no merge key",
      { finalizers: [{ a: 1 }] },
      { finalizers: [{ a: 2 }] },
      { type: "object", properties: { finalizers: { type: "array", "x-kubernetes-patch-strategy": "merge" } } },
      "cannot merge lists without merge key for finalizers",
    ],
  ];
  for (const [name, original, patch, schema, message] of cases) {
    test(`refuses ${name}`, () => {
      assert.deepEqual(applyStrategicMergePatch(original, patch, schema), { ok: false, error: message });
    });
  }
});

describe("applyStrategicMergePatch and its inputs", () => {
  test("leaves the original and the patch untouched and shares nothing with them", () => {
    const original = deployment();
    const patch = {
      spec: { strategy: { $retainKeys: ["type"], type: "Recreate" }, template: { spec: { containers: [{ name: "new", args: ["x"] }] } } },
    };
    const patchBefore = structuredClone(patch);
    const result = applyStrategicMergePatch(original, patch, deploymentSchema);
    assert.ok(result.ok);
    assert.deepEqual(original, deployment());
    assert.deepEqual(patch, patchBefore);
    patch.spec.template.spec.containers[0]?.args.push("y");
    assert.deepEqual(containersOf(result.value as Record<string, unknown>)[0], { name: "new", args: ["x"] });
  });
});
