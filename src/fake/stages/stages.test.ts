/**
 * Golden tests for the default stages, as kwok tests its stage folders:
 * every `testdata/<case>.input.yaml` object is run through each default
 * stage of its kind that matches it, and what the stages would do is
 * compared with `testdata/<case>.output.yaml`. Time and addresses are fixed.
 * `UPDATE_GOLDEN=1` rewrites the expected files instead.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { builtinKinds } from "../../apis/index.js";
import type { KubeObject } from "../../apis/types.js";
import type { StageEnvironment } from "../functions.js";
import { IpPool } from "../ip-pool.js";
import { parseCidr } from "../ipv4.js";
import { applyNext } from "../next.js";
import { nodeNameOf } from "../ownership.js";
import { matchingStages } from "../stage.js";
import { defaultStages, DEFAULT_STAGES_TEXT } from "./index.js";
import { loadStages } from "../load.js";

const TESTDATA = join(__dirname, "testdata");
const NODES: Record<string, { ip: string; podCIDR: string }> = {
  "mini-fake-1": { ip: "10.0.1.1", podCIDR: "10.244.1.0/24" },
};

/** A fixed clock and the addresses of the one known node; each case gets a fresh pool. */
function goldenEnvironment(): StageEnvironment {
  const pool = new IpPool();
  return {
    now: () => new Date("2025-01-01T00:00:00Z"),
    nodeIP: (name) => NODES[name]?.ip ?? "10.0.0.1",
    podIP: (pod) => {
      const node = NODES[nodeNameOf(pod)];
      if ((pod.spec as { hostNetwork?: boolean }).hostNetwork) return node?.ip ?? "10.0.0.1";
      return pool.allocate(parseCidr(node?.podCIDR ?? "10.244.0.0/24") ?? { base: 0, prefixLength: 24, size: 256 }, pod.metadata.uid ?? "");
    },
  };
}

function run(object: KubeObject): unknown {
  const group = object.apiVersion.includes("/") ? object.apiVersion.slice(0, object.apiVersion.indexOf("/")) : "";
  const ofKind = defaultStages().filter((s) => s.resourceRef.apiGroup === group && s.resourceRef.kind === object.kind);
  const statusSchema = builtinKinds.find((k) => k.group === group && k.kind === object.kind)?.schema.properties?.status;
  const env = goldenEnvironment();
  return {
    kind: object.kind,
    name: object.metadata.name,
    stages: matchingStages(ofKind, object).map((stage) => ({
      stage: stage.name,
      delay: stage.delay,
      weight: stage.weight,
      ...applyNext(stage.next, object, { env, statusSchema }),
    })),
  };
}

test("the default stages load", () => {
  const loaded = loadStages(DEFAULT_STAGES_TEXT);
  assert.ok(loaded.ok, loaded.ok ? "" : loaded.errors.join("\n"));
  assert.deepEqual(
    loaded.stages.map((s) => s.name),
    ["node-initialize", "node-heartbeat", "pod-ready", "pod-complete", "pod-delete"],
  );
});

test("jobCompletionMs sets the pod-complete delay and nothing else", () => {
  const stages = defaultStages({ jobCompletionMs: 250 });
  assert.deepEqual(stages.find((s) => s.name === "pod-complete")?.delay, { durationMilliseconds: 250 });
  assert.deepEqual(stages.find((s) => s.name === "pod-ready")?.delay, { durationMilliseconds: 0 });
});

const cases = readdirSync(TESTDATA).filter((f) => f.endsWith(".input.yaml")).sort();

test("there are golden cases", () => assert.ok(cases.length >= 8));

for (const input of cases) {
  const name = input.slice(0, -".input.yaml".length);
  test(`golden: ${name}`, () => {
    const object = parse(readFileSync(join(TESTDATA, input), "utf8")) as KubeObject;
    const actual = stringify(run(object), { lineWidth: 0 });
    const expectedFile = join(TESTDATA, `${name}.output.yaml`);
    if (process.env.UPDATE_GOLDEN === "1") {
      writeFileSync(expectedFile, actual);
      return;
    }
    assert.equal(actual, readFileSync(expectedFile, "utf8"), `${name}: run with UPDATE_GOLDEN=1 to accept the new output`);
  });
}
