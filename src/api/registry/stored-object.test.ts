import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { join } from "node:path";

// The module reads MINI_FREEZE_CACHED when it loads, so each case runs in a process of its own.
function run(freeze: boolean): string {
  const script = `
    const { storedObjectOf, storedObjectWritten } = require("./src/api/registry/stored-object.ts");
    const kv = (rev) => ({ key: "/registry/pods/dev/web", value: '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"web"},"spec":{"containers":[]}}', createRevision: 1, modRevision: rev });
    const parsed = storedObjectOf(kv(1)).object;
    const adopted = storedObjectWritten(kv(2), { apiVersion: "v1", kind: "Pod", metadata: { name: "web" }, spec: { containers: [] } }).object;
    const tryEdit = (o) => { try { o.spec.containers.push({}); return "edited"; } catch (e) { return e instanceof TypeError ? "refused" : "other"; } };
    process.stdout.write(tryEdit(parsed) + " " + tryEdit(adopted) + " " + adopted.metadata.resourceVersion);
  `;
  return execFileSync(process.execPath, ["--import", "tsx", "-e", script], {
    cwd: join(__dirname, "../../.."),
    env: { ...process.env, MINI_FREEZE_CACHED: freeze ? "1" : "0" },
    encoding: "utf8",
  });
}

test("with MINI_FREEZE_CACHED=1 (as npm test runs) shared objects refuse edits, parsed or adopted", () => {
  assert.equal(run(true), "refused refused 2");
});

test("without it they are plain objects: freezing is a test-time check only", () => {
  assert.equal(run(false), "edited edited 2");
});
