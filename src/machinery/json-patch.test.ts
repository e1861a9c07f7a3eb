import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { applyJsonPatch } from "./json-patch.js";

describe("applyJsonPatch", () => {
  const applied: [name: string, document: unknown, patch: unknown[], result: unknown][] = [
    ["add sets a new member", { a: 1 }, [{ op: "add", path: "/b", value: 2 }], { a: 1, b: 2 }],
    ["add replaces an existing member", { a: 1 }, [{ op: "add", path: "/a", value: [1] }], { a: [1] }],
    ["add inserts into an array", { l: [1, 3] }, [{ op: "add", path: "/l/1", value: 2 }], { l: [1, 2, 3] }],
    ["add at the array's length appends", { l: [1] }, [{ op: "add", path: "/l/1", value: 2 }], { l: [1, 2] }],
    ["add at - appends", { l: [1] }, [{ op: "add", path: "/l/-", value: 2 }], { l: [1, 2] }],
    ["add at the root replaces the document", { a: 1 }, [{ op: "add", path: "", value: { b: 2 } }], { b: 2 }],
    ["remove deletes a member", { a: 1, b: 2 }, [{ op: "remove", path: "/a" }], { b: 2 }],
    ["remove shifts later array items", { l: [1, 2, 3] }, [{ op: "remove", path: "/l/0" }], { l: [2, 3] }],
    ["replace changes a value", { spec: { replicas: 1 } }, [{ op: "replace", path: "/spec/replicas", value: 3 }], { spec: { replicas: 3 } }],
    ["replace changes an array item in place", { l: ["a", "b"] }, [{ op: "replace", path: "/l/1", value: "c" }], { l: ["a", "c"] }],
    ["replace at the root replaces the document", [1], [{ op: "replace", path: "", value: { a: 1 } }], { a: 1 }],
    ["move takes a value to a new place", { a: { x: 1 }, b: {} }, [{ op: "move", from: "/a/x", path: "/b/y" }], { a: {}, b: { y: 1 } }],
    ["move onto itself changes nothing", { a: 1 }, [{ op: "move", from: "/a", path: "/a" }], { a: 1 }],
    ["move reorders an array", { l: [1, 2, 3] }, [{ op: "move", from: "/l/0", path: "/l/2" }], { l: [2, 3, 1] }],
    ["copy duplicates a value", { a: { x: [1] } }, [{ op: "copy", from: "/a", path: "/b" }], { a: { x: [1] }, b: { x: [1] } }],
    ["test passes on an equal value", { a: { x: 1, y: [2] } }, [{ op: "test", path: "/a", value: { y: [2], x: 1 } }], { a: { x: 1, y: [2] } }],
    [
      "~1 and ~0 stand for / and ~ in a pointer",
      { metadata: { labels: { "app.kubernetes.io/name": "web", "a~b": "c" } } },
      [
        { op: "remove", path: "/metadata/labels/app.kubernetes.io~1name" },
        { op: "replace", path: "/metadata/labels/a~0b", value: "d" },
      ],
      { metadata: { labels: { "a~b": "d" } } },
    ],
    [
      "operations apply in order, each seeing the last",
      { l: [] },
      [
        { op: "add", path: "/l/-", value: "a" },
        { op: "add", path: "/l/0", value: "b" },
        { op: "test", path: "/l", value: ["b", "a"] },
      ],
      { l: ["b", "a"] },
    ],
    ["an empty patch changes nothing", { a: 1 }, [], { a: 1 }],
    ["__proto__ is an ordinary member", {}, [{ op: "add", path: "/__proto__", value: { polluted: true } }], JSON.parse('{"__proto__":{"polluted":true}}')],
  ];
  for (const [name, document, patch, result] of applied) {
    test(name, () => {
      assert.deepEqual(applyJsonPatch(document, patch), { ok: true, value: result });
    });
  }

  const failures: [name: string, document: unknown, patch: unknown, message: string][] = [
    ["a patch that is not a list", {}, { op: "add" }, "invalid JSON patch: expected an array of operations"],
    ["an operation that is not an object", {}, ["add"], "json patch operation 0: not an object"],
    ["a missing op", {}, [{ path: "/a" }], 'json patch operation 0 on "/a": missing "op"'],
    ["an unknown op", {}, [{ op: "merge", path: "/a" }], 'json patch merge operation 0 on "/a": unsupported op "merge"'],
    ["a missing path", {}, [{ op: "remove" }], 'json patch remove operation 0: missing "path"'],
    ["a missing value", {}, [{ op: "add", path: "/a" }], 'json patch add operation 0 on "/a": missing "value"'],
    ["a missing from", {}, [{ op: "copy", path: "/a" }], 'json patch copy operation 0 on "/a": missing "from"'],
    ["a pointer without a leading slash", {}, [{ op: "add", path: "a", value: 1 }], 'json patch add operation 0 on "a": invalid JSON pointer "a": must start with "/"'],
    ["a bad ~ escape", {}, [{ op: "add", path: "/a~2", value: 1 }], 'json patch add operation 0 on "/a~2": invalid JSON pointer "/a~2": "~" must be followed by 0 or 1'],
    [
      "add under a missing parent",
      { spec: {} },
      [{ op: "add", path: "/spec/template/spec", value: {} }],
      'json patch add operation 0 on "/spec/template/spec": the document has no value at "/spec/template"',
    ],
    [
      "replace of a missing member",
      { spec: {} },
      [{ op: "test", path: "/spec", value: {} }, { op: "replace", path: "/spec/replicas", value: 2 }],
      'json patch replace operation 1 on "/spec/replicas": the document has no value at "/spec/replicas"',
    ],
    ["remove of a missing member", { a: 1 }, [{ op: "remove", path: "/b" }], 'json patch remove operation 0 on "/b": the document has no value at "/b"'],
    ["remove of the root", { a: 1 }, [{ op: "remove", path: "" }], 'json patch remove operation 0 on "": the document root cannot be removed'],
    [
      "an index past the end",
      { l: [1] },
      [{ op: "add", path: "/l/2", value: 1 }],
      'json patch add operation 0 on "/l/2": index 2 in "/l/2" is out of range for an array of length 1',
    ],
    ["- outside add", { l: [1] }, [{ op: "remove", path: "/l/-" }], 'json patch remove operation 0 on "/l/-": "-" in "/l/-" is not an array index'],
    ["an index with a leading zero", { l: [1, 2] }, [{ op: "remove", path: "/l/01" }], 'json patch remove operation 0 on "/l/01": "01" in "/l/01" is not an array index'],
    ["a member under a string", { a: "text" }, [{ op: "add", path: "/a/b", value: 1 }], 'json patch add operation 0 on "/a/b": the parent of "/a/b" is not an object or array'],
    ["a failed test", { a: 1 }, [{ op: "test", path: "/a", value: "1" }], 'json patch test operation 0 on "/a": test failed: the value differs'],
    [
      "a move into its own child",
      { a: { b: {} } },
      [{ op: "move", from: "/a", path: "/a/b/c" }],
      'json patch move operation 0 on "/a/b/c": "from" "/a" is a parent of "path": a value cannot move into itself',
    ],
    [
      "a copy from a missing place",
      {},
      [{ op: "copy", from: "/x", path: "/y" }],
      'json patch copy operation 0 on "/y": the document has no value at "/x" (in "from")',
    ],
  ];
  for (const [name, document, patch, message] of failures) {
    test(`refuses ${name}`, () => {
      assert.deepEqual(applyJsonPatch(document, patch), { ok: false, error: message });
    });
  }

  test("leaves the original document untouched, even when a later operation fails", () => {
    const document = { spec: { replicas: 1, list: [1] } };
    const before = structuredClone(document);
    applyJsonPatch(document, [{ op: "replace", path: "/spec/replicas", value: 2 }, { op: "add", path: "/spec/list/-", value: 2 }]);
    applyJsonPatch(document, [{ op: "remove", path: "/spec/replicas" }, { op: "remove", path: "/missing" }]);
    assert.deepEqual(document, before);
  });

  test("does not share added values with the patch", () => {
    const value = { nested: [1] };
    const result = applyJsonPatch({}, [{ op: "add", path: "/a", value }]);
    assert.ok(result.ok);
    value.nested.push(2);
    assert.deepEqual(result.value, { a: { nested: [1] } });
  });
});
