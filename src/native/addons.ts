/**
 * Native addons inside the single executable.
 *
 * The SEA carries better-sqlite3's `.node` file as an asset, but the dynamic
 * loader can only map real files. So the bytes are written once to a cache
 * directory named by their sha256 (two builds never share a path, and a
 * rebuilt binary never loads a stale addon), then loaded with process.dlopen.
 * Outside the SEA (tsx in development, tests) the normal resolution applies.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { isAbsolute, join } from "node:path";
import { getRawAsset, isSea } from "node:sea";

/** The asset key; scripts/sea.mjs embeds the addon under this same name. */
export const SQLITE_ADDON_ASSET = "better_sqlite3.node";

let sqliteBinding: unknown;

/**
 * better-sqlite3's loaded addon when running inside the SEA, for its
 * `nativeBinding` option; undefined elsewhere, where `bindings` finds it.
 */
export function sqliteNativeBinding(): unknown | undefined {
  if (!isSea()) return undefined;
  sqliteBinding ??= loadAddon(embeddedAsset(SQLITE_ADDON_ASSET), {
    name: SQLITE_ADDON_ASSET,
    cacheDir: addonCacheDir(process.env),
  });
  return sqliteBinding;
}

function embeddedAsset(key: string): Uint8Array {
  // The raw asset is mapped from the executable itself: read it, never write it.
  const raw = getRawAsset(key);
  if (typeof raw === "string") throw new Error(`The embedded asset ${key} is text, not an addon`);
  return new Uint8Array(raw);
}

/** `$XDG_CACHE_HOME/mini`, or `~/.cache/mini` (the XDG spec ignores a relative value). */
export function addonCacheDir(env: NodeJS.ProcessEnv): string {
  const xdg = env["XDG_CACHE_HOME"];
  return join(xdg !== undefined && isAbsolute(xdg) ? xdg : join(homedir(), ".cache"), "mini");
}

export interface LoadAddonOptions {
  /** The addon's file name inside its content-addressed folder. */
  readonly name: string;
  /** The cache root; the file lands in `<cacheDir>/<sha256>/<name>`. */
  readonly cacheDir: string;
}

/** Writes the addon bytes to the cache (once) and returns the loaded module's exports. */
export function loadAddon(bytes: Uint8Array, options: LoadAddonOptions): unknown {
  const file = extractAddon(bytes, options);
  const module = { exports: {} };
  try {
    process.dlopen(module, file);
  } catch (error: unknown) {
    // A noexec mount is the usual cause; the path tells the user where to look.
    throw new Error(`Cannot load the native addon ${file} (set XDG_CACHE_HOME to an executable location)`, {
      cause: error,
    });
  }
  return module.exports;
}

/** Returns the cached file's path, writing it first if no earlier run has. */
export function extractAddon(bytes: Uint8Array, options: LoadAddonOptions): string {
  const digest = createHash("sha256").update(bytes).digest("hex");
  const dir = join(options.cacheDir, digest);
  const file = join(dir, options.name);
  if (existsSync(file)) return file;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // Write beside the target and rename: a concurrent start or a crash never
  // leaves a half-written addon under the final name.
  const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    writeFileSync(temporary, bytes, { mode: 0o644, flush: true });
    renameSync(temporary, file);
  } finally {
    rmSync(temporary, { force: true });
  }
  return file;
}
