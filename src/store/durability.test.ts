import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { test } from "node:test";
import { openSqliteBackend } from "./index.js";

/** Acknowledged creates to wait for before pulling the plug, or time after `ready` if they are slower. */
const KILL_AFTER_WRITES = 1_000;
const KILL_AFTER_MS = 1_500;

test("every acknowledged write survives kill -9 of the writing process", { timeout: 20_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), "mini-durability-"));
  try {
    const path = join(dir, "state.db");
    const child = spawn(process.execPath, ["--import", "tsx", join(__dirname, "durability.child.ts"), path], {
      // `--import tsx` resolves from the working directory: the repository root.
      cwd: join(__dirname, "..", ".."),
      stdio: ["ignore", "pipe", "inherit"],
    });
    const created: string[] = [];
    const counters = new Map<string, number>();
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_, signal) => resolve(signal)));
    let timer: NodeJS.Timeout | undefined;
    for await (const line of createInterface({ input: child.stdout })) {
      const [kind, first, second] = line.split(" ");
      if (kind === "ready") timer = setTimeout(() => child.kill("SIGKILL"), KILL_AFTER_MS);
      if (kind === "created" && first !== undefined) created.push(first);
      if (kind === "counter" && first !== undefined) counters.set(`/durable/counter-${first}`, Number(second));
      if (created.length === KILL_AFTER_WRITES) child.kill("SIGKILL");
    }
    clearTimeout(timer);
    assert.equal(await exited, "SIGKILL", "the child was killed mid-load, not finished");
    assert.ok(created.length > 100, `only ${created.length} writes were acknowledged before the kill`);

    const store = await openSqliteBackend({ path });
    try {
      const missing = [];
      for (const key of created) if ((await store.get(key)) === null) missing.push(key);
      assert.deepEqual(missing, [], "acknowledged creates lost");
      for (const [key, acknowledged] of counters) {
        const value = Number((await store.get(key))?.value);
        assert.ok(value >= acknowledged, `${key} is ${value}, but ${acknowledged} was acknowledged`);
      }
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
