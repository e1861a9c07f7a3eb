import { test } from "node:test";
import assert from "node:assert/strict";
import { cycleFor, makeNode, makeNodeInfo, makePod } from "../_test-kit.js";
import { imageLocalityScore, newImageLocality, normalizedImageName } from "./index.js";

const MB = 1024 * 1024;

test("normalizedImageName adds :latest to untagged images", () => {
  const cases: [string, string][] = [
    ["nginx", "nginx:latest"],
    ["nginx:1.27", "nginx:1.27"],
    ["registry:5000/app", "registry:5000/app:latest"],
    ["registry:5000/app:v1", "registry:5000/app:v1"],
  ];
  for (const [name, expected] of cases) assert.equal(normalizedImageName(name), expected);
});

test("imageLocalityScore grows linearly between 23 MB and 1000 MB per container", () => {
  const cases: [number, number, number][] = [
    [0, 1, 0],
    [23 * MB, 1, 0],
    [500 * MB, 1, 48],
    [1000 * MB, 1, 100],
    [5000 * MB, 1, 100],
    [1000 * MB, 2, 49],
  ];
  for (const [sum, containers, expected] of cases) assert.equal(imageLocalityScore(sum, containers), expected, `${sum} ${containers}`);
});

test("ImageLocality scales an image's size by the share of nodes holding it", () => {
  const big = { names: ["docker.io/library/big:1"], sizeBytes: 1000 * MB };
  const nodes = [makeNodeInfo(makeNode("a", { images: [big] })), makeNodeInfo(makeNode("b", { images: [big] })), makeNodeInfo(makeNode("c"))];
  const pod = makePod({ spec: { containers: [{ name: "c", image: "docker.io/library/big:1" }] } });
  const state = cycleFor(pod, nodes);
  const plugin = newImageLocality();
  // 1000 MB × 2/3 of the nodes = 666 MB → (666 − 23) / (1000 − 23) of 100.
  assert.deepEqual(nodes.map((n) => plugin.score(state, n)), [65, 65, 0]);
});
