// The two steps that turn TypeScript into one executable, shared by
// scripts/build.mjs (the real binary) and scripts/sea-smoke.mjs (a throwaway one).
import { execFileSync } from "node:child_process";
import { chmodSync, copyFileSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire, isBuiltin } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

export const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);

// The key must match SQLITE_ADDON_ASSET in src/native/addons.ts.
export const sqliteAddon = {
  key: "better_sqlite3.node",
  file: join(dirname(require.resolve("better-sqlite3/package.json")), "build/Release/better_sqlite3.node"),
};

// Node's SEA loader looks for this sentinel; postject flips its last byte to say "a blob is here".
const seaFuse = "NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2";

// better-sqlite3 finds its addon with require('bindings')(name), which walks the
// file system at run time. Inside the SEA there is no such file, so that call is
// answered by the addon embedded as an asset. Another package using `bindings`
// would need its own asset, so the build refuses it rather than guess.
const sqliteBindingsPlugin = {
  name: "sqlite-bindings",
  setup(build) {
    build.onResolve({ filter: /^bindings$/ }, (args) =>
      /[\\/]node_modules[\\/]better-sqlite3[\\/]/.test(args.importer)
        ? { path: "better-sqlite3-bindings", namespace: "sqlite-bindings" }
        : { errors: [{ text: `${args.importer} loads an addon through 'bindings'; embed it as scripts/sea.mjs does for better-sqlite3` }] },
    );
    build.onLoad({ filter: /.*/, namespace: "sqlite-bindings" }, () => ({
      resolveDir: join(root, "src/native"),
      loader: "js",
      contents: `
        const { sqliteNativeBinding } = require("./addons.ts");
        module.exports = function bindings() {
          const binding = sqliteNativeBinding();
          if (binding === undefined) {
            throw new Error("better-sqlite3's addon is embedded only in the single executable: run dist/mini, not the bundle");
          }
          return binding;
        };`,
    }));
  },
};

/**
 * Bundles one entry (`{ entryPoints: [file] }` or `{ stdin }`) into one CommonJS
 * file, the only main a Node 20 SEA accepts. Fails if the bundle would still
 * require anything but a Node builtin, since a SEA's require cannot load files.
 */
export async function bundle(input, outfile) {
  const result = await esbuild.build({
    ...input,
    outfile,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    logLevel: "warning",
    plugins: [sqliteBindingsPlugin],
  });
  checkRequires(readFileSync(outfile, "utf8"), outfile);
  return result;
}

function checkRequires(code, outfile) {
  const bad = [];
  for (const [, argument] of code.matchAll(/\brequire\(\s*([^)]*?)\s*\)/g)) {
    // Bundlers' magic comments (protobufjs writes `require(/* webpackIgnore: true */ "fs")`) are not part of the name.
    const name = /^"([^"]+)"$/.exec(argument.replace(/\/\*[^]*?\*\//g, "").trim())?.[1];
    if (name === undefined || !isBuiltin(name)) bad.push(argument);
  }
  // better-sqlite3's string `nativeBinding` branch goes through an alias of require, never taken here.
  if (bad.length > 0) throw new Error(`${outfile} requires non-builtin or computed modules: ${[...new Set(bad)].join(", ")}`);
}

/**
 * Makes a single executable: a SEA blob from `main` and `assets`, injected into
 * a stripped copy of the running node. Writes beside `output` and renames, so a
 * running copy of the old binary is never overwritten in place (ETXTBSY).
 */
export function buildSea({ main, output, assets }) {
  // Loading each addon here proves it matches this node, the one being copied.
  for (const file of Object.values(assets).filter((path) => path.endsWith(".node"))) process.dlopen({ exports: {} }, file);
  // Work beside the output, so the final rename stays on one file system.
  const work = mkdtempSync(join(dirname(output), ".sea-"));
  try {
    const blob = join(work, "sea.blob");
    const config = join(work, "sea-config.json");
    writeFileSync(
      config,
      JSON.stringify({ main, output: blob, disableExperimentalSEAWarning: true, useCodeCache: true, assets }),
    );
    // Quiet on success; a failure's message carries the tool's stderr.
    execFileSync(process.execPath, ["--experimental-sea-config", config], { stdio: "pipe" });

    const binary = join(work, "node");
    copyFileSync(process.execPath, binary);
    chmodSync(binary, 0o755);
    const stripped = hasStrip();
    // strip warns about node's many unnamed .note sections; the result still runs.
    if (stripped) execFileSync("strip", [binary], { stdio: "pipe" });
    // postject's ELF library warns about the same notes; run it quietly in its own process.
    execFileSync(
      process.execPath,
      [require.resolve("postject/dist/cli.js"), binary, "NODE_SEA_BLOB", blob, "--sentinel-fuse", seaFuse],
      { stdio: "pipe" },
    );
    renameSync(binary, output);
    return { blobBytes: statSync(blob).size, stripped };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function hasStrip() {
  try {
    execFileSync("strip", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    // No binutils: the executable is ~10 MB larger but works the same.
    return false;
  }
}
