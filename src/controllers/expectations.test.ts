import { test } from "node:test";
import assert from "node:assert/strict";
import type { KubeObject } from "../apis/types.js";
import { PodExpectations, WriteExpectations } from "./expectations.js";

test("pod expectations are met once every create and delete has been observed", () => {
  const expectations = new PodExpectations();
  assert.ok(expectations.satisfied("dev/web"), "no record: met");
  expectations.expectCreations("dev/web", 2);
  expectations.creationObserved("dev/web");
  assert.ok(!expectations.satisfied("dev/web"));
  expectations.creationObserved("dev/web");
  assert.ok(expectations.satisfied("dev/web"));
  expectations.expectDeletions("dev/web", ["dev/a", "dev/b"]);
  expectations.deletionObserved("dev/web", "dev/a");
  expectations.deletionObserved("dev/web", "dev/a");
  assert.ok(!expectations.satisfied("dev/web"), "a second sighting of the same pod counts once");
  expectations.deletionObserved("dev/web", "dev/b");
  assert.ok(expectations.satisfied("dev/web"));
});

test("pod expectations older than five minutes count as met", () => {
  let now = 0;
  const expectations = new PodExpectations(() => now);
  expectations.expectCreations("dev/web", 3);
  now = 5 * 60 * 1000;
  assert.ok(!expectations.satisfied("dev/web"));
  now += 1;
  assert.ok(expectations.satisfied("dev/web"));
});

test("forgetting a controller drops what it expected", () => {
  const expectations = new PodExpectations();
  expectations.expectCreations("dev/web", 1);
  expectations.forget("dev/web");
  assert.ok(expectations.satisfied("dev/web"));
});

function pod(name: string, resourceVersion: number, terminating = false): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: "dev", resourceVersion: String(resourceVersion), ...(terminating ? { deletionTimestamp: "2026-01-01T00:00:00Z" } : {}) },
  };
}

test("a write is expected until the cache shows its resourceVersion or a later one", () => {
  const cache = new Map<string, KubeObject>();
  const expectations = new WriteExpectations((key) => cache.get(key));
  expectations.expectWritten("dev/agent", pod("a", 7));
  expectations.expectWritten("dev/other", pod("b", 8));
  assert.ok(!expectations.satisfied("dev/agent"));
  expectations.observe(pod("a", 6), false);
  assert.ok(!expectations.satisfied("dev/agent"), "an older version does not meet it");
  expectations.observe(pod("a", 9), false);
  assert.ok(expectations.satisfied("dev/agent"));
  assert.ok(!expectations.satisfied("dev/other"), "owners are tracked apart");
});

test("a write the cache already shows is not expected", () => {
  const cache = new Map([["dev/a", pod("a", 7)]]);
  const expectations = new WriteExpectations((key) => cache.get(key));
  expectations.expectWritten("dev/agent", pod("a", 7));
  assert.ok(expectations.satisfied("dev/agent"));
});

test("a delete is met by the object turning terminating or going away", () => {
  const cache = new Map([
    ["dev/a", pod("a", 3)],
    ["dev/b", pod("b", 4)],
    ["dev/c", pod("c", 5, true)],
  ]);
  const expectations = new WriteExpectations((key) => cache.get(key));
  expectations.expectDeleted("dev/agent", "dev/c");
  assert.ok(expectations.satisfied("dev/agent"), "already terminating in the cache");
  expectations.expectDeleted("dev/agent", "dev/a");
  expectations.expectDeleted("dev/agent", "dev/b");
  expectations.observe(pod("a", 6, true), false);
  assert.ok(!expectations.satisfied("dev/agent"));
  expectations.observe(pod("b", 4), true);
  assert.ok(expectations.satisfied("dev/agent"));
});

test("write expectations expire after 30 seconds and can be forgotten", () => {
  let now = 0;
  const expectations = new WriteExpectations(() => undefined, () => now);
  expectations.expectWritten("dev/agent", pod("a", 7));
  expectations.expectWritten("dev/gone", pod("b", 7));
  now = 30_000;
  assert.ok(!expectations.satisfied("dev/agent"));
  now += 1;
  assert.ok(expectations.satisfied("dev/agent"));
  expectations.forget("dev/gone");
  now = 0;
  assert.ok(expectations.satisfied("dev/gone"));
});
