/**
 * The PKI as stored, without creating or renewing anything: for commands
 * that only talk to a mini that is already set up (`status`, `down`).
 */
import { join } from "node:path";
import { pairFiles, pkiDir, readPair } from "./files.js";
import { attempt } from "./result.js";
import type { CertificatePem, Pki, PkiPart, PkiResult } from "./types.js";

export function loadPki(dataDir: string): Promise<PkiResult<Pki>> {
  const dir = pkiDir(dataDir);
  return attempt(`Cannot read the PKI in ${dir}`, async () => {
    const [ca, server, admin] = await Promise.all([load(dir, "ca"), load(dir, "server"), load(dir, "admin")]);
    return { ca, server, admin };
  });
}

async function load(dir: string, part: PkiPart): Promise<CertificatePem> {
  const { cert, key } = await readPair(dir, part);
  const files = pairFiles(part);
  if (cert === undefined) throw new Error(`${join(dir, files.cert)} does not exist`);
  if (key === undefined) throw new Error(`${join(dir, files.key)} does not exist`);
  return { cert, key };
}
