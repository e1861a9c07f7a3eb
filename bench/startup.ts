/**
 * `mini up` to a 200 from /readyz, and the resident memory of the idle
 * process afterwards, with the executable `miniCommand()` picks.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startMiniProcess } from "./process.js";

export async function benchStartup(): Promise<Record<string, number>> {
  const dataDir = mkdtempSync(join(tmpdir(), "mini-start-"));
  try {
    const first = await startMiniProcess(dataDir);
    await first.stop();
    const runs: number[] = [];
    let idleRss = Number.NaN;
    for (let i = 0; i < 3; i++) {
      const again = await startMiniProcess(dataDir);
      runs.push(again.readyMs);
      if (i === 0) {
        await new Promise((r) => setTimeout(r, 2000));
        idleRss = again.rssMiB();
      }
      await again.stop();
    }
    runs.sort((a, b) => a - b);
    return {
      "mini up to /readyz, new data dir (ms)": first.readyMs,
      "mini up to /readyz, existing data dir, median of 3 (ms)": runs[1] ?? Number.NaN,
      "idle RSS after start (MiB)": idleRss,
    };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
