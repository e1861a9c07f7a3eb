import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  formatLabelSelector,
  labelSelectorString,
  matchesLabels,
  parseLabelSelector,
  selectorFromLabelSelector,
  selectorFromSet,
  type LabelSelector,
  type LabelSelectorObject,
} from "./labels.js";

function parsed(text: string): LabelSelector {
  const result = parseLabelSelector(text);
  assert.ok(result.ok, `expected ${JSON.stringify(text)} to parse: ${result.ok ? "" : result.error}`);
  return result.value;
}

const NAME_PART_RULE =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const LABEL_VALUE_RULE =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

describe("parseLabelSelector", () => {
  const canonical: [input: string, printed: string][] = [
    ["", ""],
    ["   ", ""],
    ["a=b", "a=b"],
    ["a==b", "a==b"],
    ["a!=b", "a!=b"],
    ["a in (x,y)", "a in (x,y)"],
    ["a notin (y,x,y)", "a notin (x,y)"],
    ["a", "a"],
    ["!a", "!a"],
    ["b=1,a", "a,b=1"],
    ["  a = b ,\tc  ", "a=b,c"],
    ["a=", "a="],
    ["a in ()", "a in ()"],
    ["a in (x,,y)", "a in (,x,y)"],
    ["a in (x,)", "a in (,x)"],
    ["in in (in,notin)", "in in (in,notin)"],
    ["a>1,b<10", "a>1,b<10"],
    ["app.kubernetes.io/name=web", "app.kubernetes.io/name=web"],
  ];
  for (const [input, printed] of canonical) {
    test(`reads ${JSON.stringify(input)} and prints it as ${JSON.stringify(printed)}`, () => {
      assert.equal(labelSelectorString(parsed(input)), printed);
    });
  }

  const failures: [input: string, message: string][] = [
    [",", "found ',', expected: !, identifier, or 'end of string'"],
    ["a,", "found '', expected: identifier after ','"],
    ["a=b c", "found 'c', expected: ',' or 'end of string'"],
    ["!a=b", "found '=', expected: ',' or 'end of string'"],
    ["a b", "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt"],
    ["!", "unable to parse requirement: found '', expected: identifier"],
    ["a=(b)", "unable to parse requirement: found '(', expected: identifier"],
    ["a in x", "unable to parse requirement: found 'x' expected: '('"],
    ["a in (x", "unable to parse requirement: found '', expected: ',' or ')'"],
    ["a in (=)", "unable to parse requirement: found '=', expected: ',', ')' or identifier"],
    ["a in (x,=)", "unable to parse requirement: found '=', expected: ',', or identifier"],
    ["app:monolith", `unable to parse requirement: <nil>: Invalid value: "app:monolith": ${NAME_PART_RULE}`],
    ["a=b@d", `unable to parse requirement: values[0][a]: Invalid value: "b@d": ${LABEL_VALUE_RULE}`],
    ["a>x", `unable to parse requirement: values[0]: Invalid value: "x": for 'Gt', 'Lt' operators, the value must be an integer`],
  ];
  for (const [input, message] of failures) {
    test(`refuses ${JSON.stringify(input)} with upstream's message`, () => {
      assert.deepEqual(parseLabelSelector(input), { ok: false, error: message });
    });
  }
});

describe("matchesLabels", () => {
  const cases: [selector: string, labels: Record<string, string> | undefined, matches: boolean][] = [
    ["", undefined, true],
    ["a=b", { a: "b" }, true],
    ["a=b", { a: "c" }, false],
    ["a=b", {}, false],
    ["a==b", { a: "b" }, true],
    ["a!=b", {}, true],
    ["a!=b", { a: "b" }, false],
    ["a in (x,y)", { a: "y" }, true],
    ["a in (x,y)", {}, false],
    ["a notin (x)", {}, true],
    ["a notin (x)", { a: "x" }, false],
    ["a", { a: "" }, true],
    ["a", {}, false],
    ["!a", { a: "1" }, false],
    ["!a", { b: "1" }, true],
    ["a in ()", { a: "" }, true],
    ["a in ()", { a: "x" }, false],
    ["a>1", { a: "2" }, true],
    ["a>1", { a: "1" }, false],
    ["a>1", { a: "two" }, false],
    ["a<1", { a: "-5" }, true],
    ["a<1", {}, false],
    ["a=b,c", { a: "b" }, false],
    ["a=b,c", { a: "b", c: "" }, true],
    ["toString", {}, false],
  ];
  for (const [selector, labels, matches] of cases) {
    test(`${JSON.stringify(selector)} ${matches ? "matches" : "does not match"} ${JSON.stringify(labels)}`, () => {
      assert.equal(matchesLabels(parsed(selector), labels), matches);
    });
  }
});

describe("selectorFromLabelSelector", () => {
  const converted: [name: string, object: LabelSelectorObject | null | undefined, printed: string, matching: Record<string, string>][] = [
    ["matchLabels become equality requirements", { matchLabels: { tier: "db", app: "web" } }, "app=web,tier=db", { app: "web", tier: "db" }],
    [
      "matchExpressions become set requirements",
      { matchExpressions: [{ key: "tier", operator: "In", values: ["b", "a"] }, { key: "env", operator: "NotIn", values: ["prod"] }] },
      "env notin (prod),tier in (a,b)",
      { tier: "a" },
    ],
    [
      "Exists and DoesNotExist take no values",
      { matchExpressions: [{ key: "env", operator: "Exists" }, { key: "legacy", operator: "DoesNotExist", values: [] }] },
      "env,!legacy",
      { env: "dev" },
    ],
    ["an empty selector matches everything", {}, "", {}],
    ["empty parts match everything", { matchLabels: {}, matchExpressions: [] }, "", {}],
  ];
  for (const [name, object, printed, matching] of converted) {
    test(name, () => {
      const result = selectorFromLabelSelector(object);
      assert.ok(result.ok);
      assert.equal(labelSelectorString(result.value), printed);
      assert.equal(matchesLabels(result.value, matching), true);
    });
  }

  for (const absent of [null, undefined]) {
    test(`a ${String(absent)} selector matches nothing`, () => {
      const result = selectorFromLabelSelector(absent);
      assert.ok(result.ok);
      assert.equal(matchesLabels(result.value, {}), false);
      assert.equal(matchesLabels(result.value, { app: "web" }), false);
    });
  }

  const invalid: [name: string, object: LabelSelectorObject, message: string][] = [
    [
      "an unknown operator",
      { matchExpressions: [{ key: "a", operator: "Foo", values: ["x"] }] },
      '"Foo" is not a valid label selector operator',
    ],
    [
      "In without values",
      { matchExpressions: [{ key: "a", operator: "In" }] },
      "values: Invalid value: null: for 'in', 'notin' operators, values set can't be empty",
    ],
    [
      "Exists with values",
      { matchExpressions: [{ key: "a", operator: "Exists", values: ["x"] }] },
      'values: Invalid value: ["x"]: values set must be empty for exists and does not exist',
    ],
    ["an invalid key", { matchLabels: { "-a": "x" } }, `key: Invalid value: "-a": ${NAME_PART_RULE}`],
    [
      "several problems at once",
      { matchExpressions: [{ key: "-a", operator: "NotIn", values: [] }] },
      `[key: Invalid value: "-a": ${NAME_PART_RULE}, values: Invalid value: null: for 'in', 'notin' operators, values set can't be empty]`,
    ],
  ];
  for (const [name, object, message] of invalid) {
    test(`refuses ${name}`, () => {
      assert.deepEqual(selectorFromLabelSelector(object), { ok: false, error: message });
    });
  }
});

describe("formatLabelSelector", () => {
  const cases: [object: LabelSelectorObject | undefined, printed: string][] = [
    [undefined, "<none>"],
    [{}, "<none>"],
    [{ matchLabels: { app: "my-app" } }, "app=my-app"],
    [{ matchExpressions: [{ key: "tier", operator: "In", values: ["b", "a"] }] }, "tier in (a,b)"],
    [{ matchLabels: { app: "web" }, matchExpressions: [{ key: "canary", operator: "DoesNotExist" }] }, "app=web,!canary"],
    [{ matchExpressions: [{ key: "tier", operator: "Bogus" }] }, "<error>"],
  ];
  for (const [object, printed] of cases) {
    test(`prints ${JSON.stringify(object)} as ${printed}`, () => {
      assert.equal(formatLabelSelector(object), printed);
    });
  }
});

describe("selectorFromSet", () => {
  test("requires every label of the set", () => {
    const selector = selectorFromSet({ app: "web", tier: "db" });
    assert.equal(labelSelectorString(selector), "app=web,tier=db");
    assert.equal(matchesLabels(selector, { app: "web", tier: "db", extra: "x" }), true);
    assert.equal(matchesLabels(selector, { app: "web" }), false);
  });

  test("an empty or absent set matches everything", () => {
    assert.equal(matchesLabels(selectorFromSet({}), { any: "thing" }), true);
    assert.equal(matchesLabels(selectorFromSet(undefined), {}), true);
  });
});
