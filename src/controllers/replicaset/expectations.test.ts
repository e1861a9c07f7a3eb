import { test } from "node:test";
import assert from "node:assert/strict";
import { Expectations } from "./expectations.js";

test("expectations are met once every create and delete has been observed", () => {
  const expectations = new Expectations();
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

test("expectations older than five minutes count as met", () => {
  let now = 0;
  const expectations = new Expectations(() => now);
  expectations.expectCreations("dev/web", 3);
  now = 5 * 60 * 1000 + 1;
  assert.ok(expectations.satisfied("dev/web"));
});
