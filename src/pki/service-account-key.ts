/**
 * The key that signs service account tokens (`<dataDir>/pki/sa.key`, an
 * ECDSA P-256 private key, PKCS#8 PEM, mode 0600), created on first start.
 * Its key id is upstream's: the base64url SHA-256 of the public key's DER,
 * so a verifier can pick the key out of /openid/v1/jwks.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import { mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { pkiDir, writeFileAtomic } from "./files.js";
import { attempt } from "./result.js";
import type { PkiResult } from "./types.js";
import { isMissingFile } from "../machinery/errors.js";

const KEY_FILE = "sa.key";

export interface ServiceAccountKey {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly keyId: string;
}

export function serviceAccountKeyFromPem(pem: string): ServiceAccountKey {
  const privateKey = createPrivateKey(pem);
  if (privateKey.asymmetricKeyType !== "ec" || privateKey.asymmetricKeyDetails?.namedCurve !== "prime256v1") {
    throw new Error("The service account key must be an ECDSA P-256 key");
  }
  const publicKey = createPublicKey(privateKey);
  const keyId = createHash("sha256").update(publicKey.export({ type: "spki", format: "der" })).digest("base64url");
  return { privateKey, publicKey, keyId };
}

export function generateServiceAccountKeyPem(): string {
  const { privateKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  return privateKey.export({ type: "pkcs8", format: "pem" }).toString();
}

/** Reads `<dataDir>/pki/sa.key`, creating it when missing. */
export function ensureServiceAccountKey(dataDir: string): Promise<PkiResult<ServiceAccountKey>> {
  const dir = pkiDir(dataDir);
  return attempt(`Cannot prepare the service account key in ${dir}`, async () => {
    const path = join(dir, KEY_FILE);
    let pem: string;
    try {
      pem = await readFile(path, "utf8");
    } catch (error: unknown) {
      if (!isMissingFile(error)) throw error;
      await mkdir(dir, { recursive: true, mode: 0o700 });
      pem = generateServiceAccountKeyPem();
      await writeFileAtomic(path, pem, 0o600);
    }
    return serviceAccountKeyFromPem(pem);
  });
}
