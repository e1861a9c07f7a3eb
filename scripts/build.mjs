// npm run build: typecheck, bundle src/cli/entry.ts into dist/mini.cjs, then
// make the single executable dist/mini from it (see scripts/sea.mjs).
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { buildSea, bundle, root, sqliteAddon } from "./sea.mjs";

const dist = join(root, "dist");
const cjs = join(dist, "mini.cjs");
const exe = join(dist, "mini");

const started = performance.now();
let last = started;
function step(label, detail = "") {
  const now = performance.now();
  console.log(`${label.padEnd(10)} ${ms(now - last).padStart(7)}  ${detail}`);
  last = now;
}
const ms = (value) => `${Math.round(value)} ms`;
const size = (bytes) => (bytes < 1e6 ? `${(bytes / 1e3).toFixed(1)} kB` : `${(bytes / 1e6).toFixed(1)} MB`);

const tsc = spawnSync(join(root, "node_modules/.bin/tsc"), ["-p", "tsconfig.json", "--noEmit"], {
  cwd: root,
  stdio: "inherit",
});
if (tsc.status !== 0) {
  console.error("build: typecheck failed");
  process.exit(1);
}
step("typecheck");

mkdirSync(dist, { recursive: true });
await bundle({ entryPoints: [join(root, "src/cli/entry.ts")] }, cjs);
step("bundle", `dist/mini.cjs ${size(statSync(cjs).size)}`);

const sea = buildSea({ main: cjs, output: exe, assets: { [sqliteAddon.key]: sqliteAddon.file } });
step("sea", `dist/mini ${size(statSync(exe).size)} (blob ${size(sea.blobBytes)}, ${sea.stripped ? "stripped" : "not stripped: no strip"})`);

// A binary that cannot start is a failed build, not a surprise for the tests.
const runs = [0, 1, 2].map(() => {
  const before = performance.now();
  const version = execFileSync(exe, ["--version"], { encoding: "utf8" }).trim();
  return { version, took: performance.now() - before };
});
step("check", `dist/mini --version: ${runs[0].version} (median ${ms(runs.map((r) => r.took).sort((a, b) => a - b)[1])})`);
console.log(`build done in ${ms(performance.now() - started)}`);
