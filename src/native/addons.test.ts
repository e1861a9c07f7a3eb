import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, describe, test } from "node:test";
import Database from "better-sqlite3";
import { addonCacheDir, extractAddon, loadAddon, SQLITE_ADDON_ASSET, sqliteNativeBinding } from "./addons.js";

// The SEA only adds getRawAsset in front of these functions; scripts/sea-smoke.mjs covers that part.
const addonPath = join(dirname(require.resolve("better-sqlite3/package.json")), "build/Release/better_sqlite3.node");
const addonBytes = new Uint8Array(readFileSync(addonPath));
const cacheDir = mkdtempSync(join(tmpdir(), "mini-addons-"));
after(() => rmSync(cacheDir, { recursive: true, force: true }));

describe("sqliteNativeBinding()", () => {
  test("returns undefined outside a single executable", () => {
    assert.equal(sqliteNativeBinding(), undefined);
  });
});

describe("addonCacheDir()", () => {
  test("uses an absolute XDG_CACHE_HOME", () => {
    assert.equal(addonCacheDir({ XDG_CACHE_HOME: "/var/cache/u" }), "/var/cache/u/mini");
  });

  test("ignores a relative XDG_CACHE_HOME, as the XDG spec requires", () => {
    assert.match(addonCacheDir({ XDG_CACHE_HOME: "cache" }), /\/\.cache\/mini$/);
  });
});

describe("extractAddon()", () => {
  test("writes the bytes under their sha256 and leaves no temporary file", () => {
    const file = extractAddon(new Uint8Array([1, 2, 3]), { name: "x.node", cacheDir });
    const digest = "039058c6f2c0cb492c533b0a4d14ef77cc0f78abccced5287d84a1a2011cfb81";
    assert.equal(file, join(cacheDir, digest, "x.node"));
    assert.deepEqual(readdirSync(join(cacheDir, digest)), ["x.node"]);
  });

  test("keeps the first copy on later runs", () => {
    const first = extractAddon(new Uint8Array([4, 5]), { name: "y.node", cacheDir });
    const written = statSync(first).mtimeMs;
    const second = extractAddon(new Uint8Array([4, 5]), { name: "y.node", cacheDir });
    assert.equal(second, first);
    assert.equal(statSync(second).mtimeMs, written);
  });
});

describe("loadAddon()", () => {
  test("gives better-sqlite3 a working nativeBinding", () => {
    const binding = loadAddon(addonBytes, { name: SQLITE_ADDON_ASSET, cacheDir });
    // @types/better-sqlite3 types nativeBinding as a path, but the library also takes the loaded module.
    const db = new Database(":memory:", { nativeBinding: binding as string });
    assert.equal(db.prepare<[], { answer: number }>("select 40 + 2 as answer").get()?.answer, 42);
    db.close();
  });

  test("names the file it could not load", () => {
    assert.throws(
      () => loadAddon(new Uint8Array([0]), { name: "broken.node", cacheDir }),
      /Cannot load the native addon .*broken\.node/,
    );
  });
});
