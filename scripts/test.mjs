// npm test [-- unit|e2e] [--test-* options for node, in --name=value form, e.g. --test-name-pattern=watch]
//
// unit: src/**/*.test.ts, beside the code they test.
// e2e:  test/**/*.test.ts, each starts a real mini executable and drives it
//       with /usr/bin/kubectl.
//
// MINI_BIN is the executable an e2e test launches; tests read it as
// `process.env.MINI_BIN` (always an absolute path here). Default: bin/mini,
// the dev shim that runs the TypeScript through tsx. Set it yourself to run
// the whole e2e suite against one executable. Left unset, `npm test` picks:
//   - dist/mini exists and is newer than every file in src/: the whole suite
//     against dist/mini (what ships), then only the *.smoke.test.ts files
//     against bin/mini. The shim differs from the binary only in how code and
//     the sqlite addon are loaded, so a few tests that start a cluster catch a
//     broken shim; running every test twice would double the slowest suite.
//   - otherwise (no build, or a stale one): the whole suite against bin/mini,
//     saying why, so a forgotten `npm run build` never tests old code.
import { spawn } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join, relative, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { root } from "./sea.mjs";

const given = process.argv.slice(2);
const nodeOptions = given.filter((arg) => arg.startsWith("--"));
const suites = given.filter((arg) => !arg.startsWith("--"));
const chosen = suites[0] ?? "all";
if (suites.length > 1 || !["all", "unit", "e2e"].includes(chosen)) {
  console.error(`usage: npm test [-- unit|e2e] [--test-option=value ...]; got ${JSON.stringify(given)}`);
  process.exit(2);
}

// One test process per file. Unit files are CPU-bound; e2e files mostly wait on
// their cluster and kubectl, but each holds a server process, so neither goes
// past the core count unless MINI_TEST_CONCURRENCY says so.
const concurrency = Number(process.env["MINI_TEST_CONCURRENCY"] ?? availableParallelism());
if (!Number.isInteger(concurrency) || concurrency < 1) {
  console.error(`MINI_TEST_CONCURRENCY must be a positive integer, got ${process.env["MINI_TEST_CONCURRENCY"]}`);
  process.exit(2);
}
const shim = join(root, "bin/mini");
const binary = join(root, "dist/mini");

const runs = [];
if (chosen !== "e2e") runs.push({ name: "unit", files: testFiles("src", ".test.ts"), timeout: 60_000 });
if (chosen !== "unit") runs.push(...e2eRuns());

const started = performance.now();
const total = { tests: 0, pass: 0, fail: 0, cancelled: 0, skipped: 0, todo: 0 };
let failed = false;
for (const run of runs) {
  const result = await runSuite(run);
  for (const key of Object.keys(total)) total[key] += result.counts[key] ?? 0;
  failed ||= !result.ok;
}
const seconds = ((performance.now() - started) / 1000).toFixed(1);
const counts = Object.entries(total).map(([key, value]) => `${value} ${key}`).join(", ");
console.log(`\n${failed ? "FAILED" : "ok"}: ${counts} in ${seconds} s`);
process.exitCode = failed ? 1 : 0;

function e2eRuns() {
  const all = testFiles("test", ".test.ts");
  const timeout = 300_000;
  const wanted = process.env["MINI_BIN"];
  if (wanted !== undefined && wanted !== "") return [{ name: `e2e (${wanted})`, files: all, timeout, bin: resolve(root, wanted) }];
  const stale = staleBecause();
  if (stale !== undefined) return [{ name: "e2e (bin/mini)", note: `not dist/mini: ${stale}`, files: all, timeout, bin: shim }];
  return [
    { name: "e2e (dist/mini)", files: all, timeout, bin: binary },
    { name: "e2e smoke (bin/mini)", files: all.filter((file) => file.endsWith(".smoke.test.ts")), timeout, bin: shim },
  ];
}

function staleBecause() {
  if (!existsSync(binary)) return "dist/mini does not exist (npm run build makes it)";
  const built = statSync(binary).mtimeMs;
  const newer = testFiles("src", "").find((file) => statSync(join(root, file)).mtimeMs > built);
  return newer === undefined ? undefined : `${newer} is newer than dist/mini (npm run build)`;
}

/** Files under `dir` ending in `suffix`, relative to the root and sorted (Node 20's --test takes no globs). */
function testFiles(dir, suffix) {
  const base = join(root, dir);
  if (!existsSync(base)) return [];
  return readdirSync(base, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(suffix))
    .map((entry) => relative(root, join(entry.parentPath ?? entry.path, entry.name)))
    .sort();
}

/** Runs one suite with the spec reporter, echoing its output and reading its closing counts. */
async function runSuite({ name, note, files, timeout, bin }) {
  console.log(`\n== ${name}: ${files.length} file${files.length === 1 ? "" : "s"}${note === undefined ? "" : `; ${note}`}`);
  if (files.length === 0) return { ok: true, counts: {} };
  if (bin !== undefined && !existsSync(bin)) {
    console.error(`${name}: ${bin} does not exist`);
    return { ok: false, counts: {} };
  }
  const args = [
    "--import",
    "tsx",
    "--test",
    "--test-reporter=spec",
    `--test-concurrency=${concurrency}`,
    `--test-timeout=${timeout}`,
    ...nodeOptions,
    ...files,
  ];
  // Shared objects are frozen in every test (src/api/registry/stored-object.ts), mini processes included.
  const env = { ...process.env, MINI_FREEZE_CACHED: "1", ...(bin === undefined ? {} : { MINI_BIN: bin }) };
  const child = spawn(process.execPath, args, { cwd: root, env, stdio: ["ignore", "pipe", "inherit"] });
  const counts = {};
  let pending = "";
  child.stdout.on("data", (chunk) => {
    process.stdout.write(chunk);
    const lines = (pending + chunk.toString("utf8")).split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) {
      // The spec reporter ends with lines such as "ℹ pass 12".
      const match = /^ℹ (tests|pass|fail|cancelled|skipped|todo) (\d+)$/.exec(line.trim());
      if (match) counts[match[1]] = Number(match[2]);
    }
  });
  const code = await new Promise((resolve) => child.on("close", resolve));
  // No counts means the runner died before reporting; that is a failure too.
  const ok = code === 0 && counts.tests !== undefined && !counts.fail && !counts.cancelled;
  return { ok, counts };
}
