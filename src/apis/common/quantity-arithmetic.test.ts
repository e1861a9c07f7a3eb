import { test } from "node:test";
import assert from "node:assert/strict";
import { addQuantities, compareQuantities, exceedsRatio, formatQuantity, quantityOf, ratioText, toQuantity } from "./quantity-arithmetic.js";

test("quantities print in upstream's canonical form", () => {
  const cases: [string | number, string][] = [
    ["1500m", "1500m"], ["2000m", "2"], ["0.1", "100m"], ["1000", "1k"], ["1200", "1200"], ["0", "0"],
    ["1Gi", "1Gi"], ["1.5Gi", "1536Mi"], ["1024", "1024"], ["1025Ki", "1025Ki"], ["512", "512"], [2, "2"],
    ["1e3", "1e3"], ["100M", "100M"], ["-500m", "-500m"], ["1n", "1n"], ["0.5n", "1n"],
  ];
  for (const [input, expected] of cases) assert.equal(formatQuantity(quantityOf(input)), expected, String(input));
});

test("sums are exact and keep the first operand's format", () => {
  assert.equal(formatQuantity(addQuantities(quantityOf("100m"), quantityOf("200m"))), "300m");
  assert.equal(formatQuantity(addQuantities(quantityOf("1"), quantityOf("500m"))), "1500m");
  assert.equal(formatQuantity(addQuantities(quantityOf("128Mi"), quantityOf("128Mi"))), "256Mi");
  assert.equal(formatQuantity(addQuantities(quantityOf("0"), quantityOf("64Mi"))), "64Mi");
  assert.equal(formatQuantity(addQuantities(quantityOf("1G"), quantityOf("1Gi"))), "2073741824");
});

test("comparison, validity and ratios", () => {
  assert.equal(compareQuantities(quantityOf("1"), quantityOf("1000m")), 0);
  assert.equal(compareQuantities(quantityOf("1Gi"), quantityOf("1G")), 1);
  assert.equal(toQuantity("1.2.3"), undefined);
  assert.equal(toQuantity("5Qi"), undefined);
  assert.equal(ratioText(quantityOf("2"), quantityOf("500m")), "4.000000");
  assert.equal(ratioText(quantityOf("1"), quantityOf("3")), "0.333333");
  assert.equal(exceedsRatio(quantityOf("2"), quantityOf("500m"), quantityOf("4")), false);
  assert.equal(exceedsRatio(quantityOf("2001m"), quantityOf("500m"), quantityOf("4")), true);
});
