/**
 * Importing image tarballs (OCI layout or docker-archive, tags kept) into
 * containerd's `k8s.io` namespace, where CRI sees them at once. CRI has no
 * import call, so this goes through `ctr`, which ships with containerd; it
 * also unpacks the layers into the overlayfs snapshotter CRI uses.
 * Removal goes through CRI instead (see the shared notes: removing behind
 * CRI's back leaves a stale cache entry).
 */
import { spawn } from "node:child_process";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { hasCode } from "../machinery/errors.js";

export interface ImportOptions {
  /** The ctr binary. */
  readonly ctr: string;
  /** containerd's gRPC socket. */
  readonly socket: string;
}

export type ImportResult = { readonly ok: true; /** The references imported, as ctr prints them. */ readonly references: readonly string[] } | { readonly ok: false; readonly message: string };

/** Imports one tarball, from a file path or from bytes (fed on stdin). */
export function importImage(source: string | Buffer, options: ImportOptions): Promise<ImportResult> {
  const file = typeof source === "string" ? source : "-";
  const args = ["--address", options.socket, "--namespace", "k8s.io", "images", "import", file];
  return new Promise((resolve) => {
    const child = spawn(options.ctr, args, { stdio: [typeof source === "string" ? "ignore" : "pipe", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr?.on("data", (chunk: Buffer) => err.push(chunk));
    child.once("error", (error) => resolve({ ok: false, message: `cannot run ${options.ctr}: ${error.message}` }));
    child.once("close", (code) => {
      const stdout = Buffer.concat(out).toString("utf8");
      const stderr = Buffer.concat(err).toString("utf8").trim();
      if (code !== 0) {
        resolve({ ok: false, message: stderr.replace(/^ctr: /, "") || `ctr exited with code ${code}` });
        return;
      }
      const references = parseImported(stdout);
      // ctr succeeds quietly on a tarball with no named image (e.g. OCI without the name annotation).
      resolve(references.length > 0 ? { ok: true, references } : { ok: false, message: "the tarball names no image (an OCI layout needs the io.containerd.image.name annotation; a docker archive needs RepoTags)" });
    });
    if (typeof source !== "string") child.stdin?.end(source);
  });
}

/** ctr prints `unpacking <ref> (sha256:…)...done` per image. */
export function parseImported(stdout: string): string[] {
  return [...stdout.matchAll(/^unpacking (\S+) \(sha256:[0-9a-f]+\)/gm)].map((match) => match[1] ?? "");
}

/** The `*.tar` files of a folder, sorted; none when it does not exist. */
export async function tarballsIn(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error: unknown) {
    if (hasCode(error, "ENOENT")) return [];
    throw error;
  }
  return names.filter((name) => name.endsWith(".tar")).sort().map((name) => join(dir, name));
}
