/**
 * Golden tests: bodies kubectl 1.32 really sent (testdata/*.bin, recorded by
 * testdata/record.ts; kubectl 1.33 sends the same bytes, 1.31 and older send
 * JSON) must decode to what `kubectl create … --dry-run=client -o json`
 * prints for the same command (testdata/*.json).
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { decodeKubernetesProtobuf } from "./index.js";
import { kubectlCases } from "./testdata/cases.js";

const testdata = join(__dirname, "testdata");

/**
 * The one normalisation: Go writes a nil list without omitempty as null
 * (ClusterRole.rules when only an aggregation rule is given). The wire cannot
 * tell nil from empty, and the decoder leaves empty lists out, so those nulls
 * are dropped from the expected JSON.
 */
const NIL_LISTS = new Set(["rules"]);

function withoutNilLists(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNilLists);
  if (typeof value !== "object" || value === null) return value;
  const entries = Object.entries(value).filter(([key, member]) => !(member === null && NIL_LISTS.has(key)));
  return Object.fromEntries(entries.map(([key, member]) => [key, withoutNilLists(member)]));
}

for (const { name, args } of kubectlCases) {
  test(`kubectl create ${args.join(" ")} decodes to the JSON kubectl prints for it`, () => {
    const result = decodeKubernetesProtobuf(readFileSync(join(testdata, `${name}.bin`)));
    assert.ok(result.ok, result.ok ? "" : result.error);
    const expected: unknown = JSON.parse(readFileSync(join(testdata, `${name}.json`), "utf8"));
    assert.deepStrictEqual(result.value, withoutNilLists(expected));
  });
}
