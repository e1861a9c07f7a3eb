/**
 * The PKI's files under `<dataDir>/pki/`: certificates world-readable,
 * private keys 0600, every file replaced atomically so a crash never leaves
 * half a key behind.
 */
import { chmod, mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { CertificatePem, PkiPart } from "./types.js";
import { isMissingFile } from "../machinery/errors.js";

const CERT_MODE = 0o644;
const KEY_MODE = 0o600;

export function pkiDir(dataDir: string): string {
  return join(dataDir, "pki");
}

/** `ca.crt`, `ca.key`, `server.crt`… */
export function pairFiles(part: PkiPart): { readonly cert: string; readonly key: string } {
  return { cert: `${part}.crt`, key: `${part}.key` };
}

/** Both halves of a pair; a half is undefined when its file does not exist. */
export async function readPair(dir: string, part: PkiPart): Promise<Partial<CertificatePem>> {
  const files = pairFiles(part);
  const [cert, key] = await Promise.all([readOptional(join(dir, files.cert)), readOptional(join(dir, files.key))]);
  return { ...(cert === undefined ? {} : { cert }), ...(key === undefined ? {} : { key }) };
}

export async function writePair(dir: string, part: PkiPart, pair: CertificatePem): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const files = pairFiles(part);
  await writeFileAtomic(join(dir, files.key), pair.key, KEY_MODE);
  await writeFileAtomic(join(dir, files.cert), pair.cert, CERT_MODE);
}

/** Writes to a temporary file beside `path`, then renames it over `path`. */
export async function writeFileAtomic(path: string, data: string, mode: number): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, data, { mode });
    // The mode given to writeFile is filtered by the umask and ignored for an existing file.
    await chmod(temporary, mode);
    await rename(temporary, path);
  } catch (error: unknown) {
    await rm(temporary, { force: true });
    throw error;
  }
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch (error: unknown) {
    if (isMissingFile(error)) return undefined;
    throw error;
  }
}
