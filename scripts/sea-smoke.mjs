// npm run sea-smoke: the part of src/native/addons.ts a unit test cannot reach.
// Builds a throwaway SEA with the same functions as dist/mini, from an entry
// that opens better-sqlite3 in memory both ways (with nativeBinding, and
// without it through the bundle's `bindings` answer), then runs it twice: the
// first run extracts the addon to a fresh cache, the second must reuse it.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { buildSea, bundle, root, sqliteAddon } from "./sea.mjs";

const entry = `
import Database from "better-sqlite3";
import { isSea } from "node:sea";
import { sqliteNativeBinding } from "./src/native/addons.js";

if (!isSea()) throw new Error("Not running inside a single executable");
const explicit = new Database(":memory:", { nativeBinding: sqliteNativeBinding() as string });
const implicit = new Database(":memory:");
const version = (db: Database.Database) => db.prepare("select sqlite_version()").pluck().get();
console.log(JSON.stringify({ explicit: version(explicit), implicit: version(implicit) }));
`;

const work = mkdtempSync(join(tmpdir(), "mini-sea-smoke-"));
try {
  const main = join(work, "smoke.cjs");
  const exe = join(work, "smoke");
  await bundle({ stdin: { contents: entry, resolveDir: root, sourcefile: "sea-smoke.ts", loader: "ts" } }, main);
  buildSea({ main, output: exe, assets: { [sqliteAddon.key]: sqliteAddon.file } });

  const cache = join(work, "cache");
  const run = () => {
    const before = performance.now();
    const out = execFileSync(exe, { encoding: "utf8", env: { ...process.env, XDG_CACHE_HOME: cache } });
    return { out: JSON.parse(out), took: Math.round(performance.now() - before) };
  };
  const cached = () => {
    const [digest, ...others] = readdirSync(join(cache, "mini"));
    if (digest === undefined || others.length > 0) throw new Error(`Expected one addon folder, found ${[digest, ...others]}`);
    return statSync(join(cache, "mini", digest, sqliteAddon.key));
  };

  const first = run();
  const extracted = cached();
  const second = run();
  if (!first.out.explicit || first.out.implicit !== first.out.explicit) throw new Error(`Unexpected output ${JSON.stringify(first.out)}`);
  if (extracted.size !== statSync(sqliteAddon.file).size) throw new Error("The cached addon differs from the built one");
  if (cached().mtimeMs !== extracted.mtimeMs) throw new Error("The second run rewrote the cached addon");
  console.log(`sea-smoke ok: SQLite ${first.out.explicit}; first run ${first.took} ms (extracts), second ${second.took} ms (cached)`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
