import assert from "node:assert/strict";
import { test } from "node:test";
import type { FieldDescriptor } from "../descriptor.js";
import { kindMessages, messages } from "./index.js";

const SCALARS = new Set(["string", "bool", "int32", "int64", "bytes"]);
const WRAPPERS = new Set(["time", "intOrString", "quantity", "json"]);

function fieldsOf(name: string): [string, FieldDescriptor][] {
  return Object.entries(messages[name] ?? {});
}

test("every message a field names has a descriptor", () => {
  for (const name of Object.keys(messages)) {
    for (const [number, field] of fieldsOf(name)) {
      if (SCALARS.has(field.type) || WRAPPERS.has(field.type)) continue;
      assert.ok(messages[field.type], `${name} field ${number} (${field.name}) names missing ${field.type}`);
    }
  }
});

test("every kind's message is an object with metadata as field 1", () => {
  for (const [kind, message] of Object.entries(kindMessages)) {
    const metadata = messages[message]?.[1];
    assert.deepEqual(metadata, { name: "metadata", type: "meta.v1.ObjectMeta" }, kind);
  }
});

test("every message is reachable from some kind, so no table is dead", () => {
  const reached = new Set<string>();
  const pending = Object.values(kindMessages);
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    if (reached.has(name)) continue;
    reached.add(name);
    for (const [, field] of fieldsOf(name)) if (messages[field.type]) pending.push(field.type);
  }
  assert.deepEqual(Object.keys(messages).filter((name) => !reached.has(name)), []);
});

test("flags sit only where they mean something, and JSON names do not collide", () => {
  for (const name of Object.keys(messages)) {
    const names = new Set<string>();
    for (const [number, field] of fieldsOf(name)) {
      const where = `${name} field ${number}`;
      if (field.omitEmpty) assert.ok(SCALARS.has(field.type) && field.list === undefined, `${where}: omitEmpty on a non-scalar`);
      if (field.inline) assert.ok(messages[field.type] && field.list === undefined, `${where}: inline on a non-message`);
      // An inline field's own name never reaches JSON; its message's names do.
      const jsonNames = field.inline ? fieldsOf(field.type).map(([, inner]) => inner.name) : [field.name];
      for (const jsonName of jsonNames) {
        assert.ok(!names.has(jsonName), `${where}: JSON name ${jsonName} twice`);
        names.add(jsonName);
      }
    }
  }
});
