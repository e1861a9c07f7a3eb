import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { describeErrors } from "./kind-testing.js";
import { formatLabelSelector } from "../../machinery/labels.js";
import { formatLabels, labelSelectorMatches, validateLabelSelector, type LabelSelector } from "./label-selector.js";

describe("formatLabelSelector", () => {
  const cases: [string, LabelSelector | undefined, string][] = [
    ["nil selects nothing and prints <none>", undefined, "<none>"],
    ["empty selects everything and prints <none>", {}, "<none>"],
    ["match labels sorted by key", { matchLabels: { tier: "web", app: "shop" } }, "app=shop,tier=web"],
    ["In with sorted values", { matchExpressions: [{ key: "env", operator: "In", values: ["prod", "dev"] }] }, "env in (dev,prod)"],
    ["NotIn", { matchExpressions: [{ key: "env", operator: "NotIn", values: ["a"] }] }, "env notin (a)"],
    ["Exists and DoesNotExist", { matchExpressions: [{ key: "b", operator: "DoesNotExist" }, { key: "a", operator: "Exists" }] }, "a,!b"],
    ["labels and expressions interleaved by key", { matchLabels: { m: "1" }, matchExpressions: [{ key: "a", operator: "Exists" }] }, "a,m=1"],
    ["unknown operator", { matchExpressions: [{ key: "a", operator: "Bogus" }] }, "<error>"],
  ];
  for (const [name, selector, expected] of cases) {
    it(name, () => assert.equal(formatLabelSelector(selector), expected));
  }
});

describe("formatLabels", () => {
  it("sorts keys and prints <none> when empty", () => {
    assert.equal(formatLabels({ zone: "a", disk: "ssd" }), "disk=ssd,zone=a");
    assert.equal(formatLabels(undefined), "<none>");
  });
});

describe("labelSelectorMatches", () => {
  const labels = { app: "web", env: "prod" };
  const cases: [string, LabelSelector | undefined, boolean][] = [
    ["nil matches nothing", undefined, false],
    ["empty matches everything", {}, true],
    ["equal labels", { matchLabels: { app: "web" } }, true],
    ["different value", { matchLabels: { app: "db" } }, false],
    ["In", { matchExpressions: [{ key: "env", operator: "In", values: ["dev", "prod"] }] }, true],
    ["NotIn on a missing key", { matchExpressions: [{ key: "tier", operator: "NotIn", values: ["x"] }] }, true],
    ["DoesNotExist on a present key", { matchExpressions: [{ key: "app", operator: "DoesNotExist" }] }, false],
  ];
  for (const [name, selector, expected] of cases) {
    it(name, () => assert.equal(labelSelectorMatches(selector, labels), expected));
  }
});

describe("validateLabelSelector", () => {
  const cases: [string, LabelSelector, string[]][] = [
    ["In without values", { matchExpressions: [{ key: "a", operator: "In" }] }, ["s.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'"]],
    [
      "Exists with values",
      { matchExpressions: [{ key: "a", operator: "Exists", values: ["x"] }] },
      ["s.matchExpressions[0].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'"],
    ],
    ["bad operator", { matchExpressions: [{ key: "a", operator: "Gt", values: ["1"] }] }, ['s.matchExpressions[0].operator: Invalid value: "Gt": not a valid selector operator']],
  ];
  for (const [name, selector, expected] of cases) {
    it(name, () => assert.deepEqual(describeErrors(validateLabelSelector(selector, "s")), expected));
  }
});
