import { test } from "node:test";
import assert from "node:assert/strict";
import { computeHash, equalIgnoreHash } from "./hash.js";

const template = { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "web", image: "nginx:1.25" }] } };

test("computeHash is stable whatever the key order, and uses upstream's safe alphabet", () => {
  const reordered = { spec: { containers: [{ image: "nginx:1.25", name: "web" }] }, metadata: { labels: { app: "web" } } };
  assert.equal(computeHash(template), computeHash(reordered));
  assert.match(computeHash(template), /^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
});

test("computeHash changes with the template and with the collision count", () => {
  const other = { ...template, spec: { containers: [{ name: "web", image: "nginx:1.26" }] } };
  assert.notEqual(computeHash(template), computeHash(other));
  assert.notEqual(computeHash(template), computeHash(template, 0));
  assert.notEqual(computeHash(template, 0), computeHash(template, 1));
});

const equality = [
  { name: "the hash label is ignored", a: { metadata: { labels: { app: "web", "pod-template-hash": "abc" } } }, b: { metadata: { labels: { app: "web" } } }, equal: true },
  { name: "absent and empty maps are equal", a: { metadata: { labels: { "pod-template-hash": "abc" } } }, b: { metadata: {} }, equal: true },
  { name: "a different image is not", a: template, b: { ...template, spec: { containers: [{ name: "web", image: "nginx:1.26" }] } }, equal: false },
  { name: "an extra label is not", a: template, b: { ...template, metadata: { labels: { app: "web", tier: "x" } } }, equal: false },
];

for (const c of equality) {
  test(`equalIgnoreHash: ${c.name}`, () => {
    assert.equal(equalIgnoreHash(c.a, c.b), c.equal);
  });
}
