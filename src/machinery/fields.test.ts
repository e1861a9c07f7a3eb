import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { fieldSelectorKeys, matchesFields, parseFieldSelector, type FieldRequirement } from "./fields.js";

describe("parseFieldSelector", () => {
  const parsed: [input: string, requirements: FieldRequirement[]][] = [
    ["", []],
    ["metadata.name=web", [{ field: "metadata.name", operator: "=", value: "web" }]],
    ["metadata.name==web", [{ field: "metadata.name", operator: "=", value: "web" }]],
    ["status.phase!=Running", [{ field: "status.phase", operator: "!=", value: "Running" }]],
    ["spec.nodeName=", [{ field: "spec.nodeName", operator: "=", value: "" }]],
    [
      "status.phase=Running,metadata.name=web",
      [
        { field: "metadata.name", operator: "=", value: "web" },
        { field: "status.phase", operator: "=", value: "Running" },
      ],
    ],
    ["a=b,,", [{ field: "a", operator: "=", value: "b" }]],
    ["a=x\\,y\\=z\\\\", [{ field: "a", operator: "=", value: "x,y=z\\" }]],
    ["a==", [{ field: "a", operator: "=", value: "" }]],
  ];
  for (const [input, requirements] of parsed) {
    test(`reads ${JSON.stringify(input)}`, () => {
      assert.deepEqual(parseFieldSelector(input), { ok: true, value: requirements });
    });
  }

  const failures: [input: string, message: string][] = [
    ["metadata.name", "invalid selector: 'metadata.name'; can't understand 'metadata.name'"],
    ["a=b,c", "invalid selector: 'a=b,c'; can't understand 'c'"],
    ["a=b=c", "invalid field selector: unescaped character in value: 61"],
    ["a!==b", "invalid field selector: unescaped character in value: 61"],
    ["a=b\\x", "invalid field selector: invalid escape sequence: \\x"],
    ["a=b\\", "invalid field selector: invalid escape sequence: \\"],
  ];
  for (const [input, message] of failures) {
    test(`refuses ${JSON.stringify(input)} with upstream's message`, () => {
      assert.deepEqual(parseFieldSelector(input), { ok: false, error: message });
    });
  }
});

describe("matchesFields", () => {
  const pod = { "metadata.name": "web-1", "metadata.namespace": "default", "spec.nodeName": "", "status.phase": "Running" };
  const cases: [selector: string, fields: Record<string, string>, matches: boolean][] = [
    ["", pod, true],
    ["metadata.name=web-1", pod, true],
    ["metadata.name=web-2", pod, false],
    ["status.phase!=Running", pod, false],
    ["status.phase!=Pending", pod, true],
    ["metadata.name=web-1,metadata.namespace=default", pod, true],
    ["metadata.name=web-1,metadata.namespace=kube-system", pod, false],
    ["spec.nodeName=", pod, true],
    ["spec.schedulerName=", pod, true],
    ["spec.schedulerName!=", pod, false],
    ["constructor=", {}, true],
  ];
  for (const [selector, fields, matches] of cases) {
    test(`${JSON.stringify(selector)} ${matches ? "matches" : "does not match"} ${JSON.stringify(fields)}`, () => {
      const parsed = parseFieldSelector(selector);
      assert.ok(parsed.ok);
      assert.equal(matchesFields(parsed.value, fields), matches);
    });
  }
});

describe("fieldSelectorKeys", () => {
  test("lists each field name once, so the API can refuse unknown ones", () => {
    const parsed = parseFieldSelector("status.phase!=Failed,metadata.name=x,status.phase!=Succeeded");
    assert.ok(parsed.ok);
    assert.deepEqual(fieldSelectorKeys(parsed.value), ["metadata.name", "status.phase"]);
  });
});
