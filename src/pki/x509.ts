/**
 * Certificate generation: an ECDSA P-256 CA and the leaf certificates it
 * signs, made with @peculiar/x509 over WebCrypto (node:crypto can read
 * certificates but cannot sign them). The only file that imports the library.
 */
// @peculiar/x509 resolves its algorithm providers through tsyringe, which
// needs the Reflect metadata API in place before the library loads.
import "reflect-metadata";
import { webcrypto } from "node:crypto";
import {
  AuthorityKeyIdentifierExtension,
  BasicConstraintsExtension,
  ExtendedKeyUsage,
  ExtendedKeyUsageExtension,
  KeyUsageFlags,
  KeyUsagesExtension,
  PemConverter,
  SubjectAlternativeNameExtension,
  SubjectKeyIdentifierExtension,
  X509Certificate,
  X509CertificateGenerator,
} from "@peculiar/x509";
import type { Extension, JsonName } from "@peculiar/x509";
import type { SubjectAltName } from "./sans.js";
import type { CertificatePem } from "./types.js";

const KEY_ALGORITHM = { name: "ECDSA", namedCurve: "P-256" } as const;
const SIGNING_ALGORITHM = { ...KEY_ALGORITHM, hash: "SHA-256" } as const;

const DAY_MS = 24 * 60 * 60 * 1000;
/** The CA outlives many leaf renewals; replacing it invalidates every kubeconfig. */
const CA_VALIDITY_MS = 3650 * DAY_MS;
/** Leaves follow kubeadm's one year; `ensurePki` renews them before they lapse. */
const LEAF_VALIDITY_MS = 365 * DAY_MS;
/** Backdated so a certificate made just now verifies on a peer whose clock lags a little. */
const BACKDATE_MS = 5 * 60 * 1000;

export interface Subject {
  readonly commonName: string;
  readonly organizations?: readonly string[];
}

export interface LeafRequest extends Subject {
  /** `server` adds the serverAuth extended key usage, `client` clientAuth. */
  readonly usage: "server" | "client";
  readonly subjectAltNames?: readonly SubjectAltName[];
}

/** A self-signed CA certificate and its key. */
export async function createCa(subject: Subject, now: Date): Promise<CertificatePem> {
  const keys = await generateKeys();
  const cert = await X509CertificateGenerator.createSelfSigned(
    {
      name: toName(subject),
      keys,
      notBefore: new Date(now.getTime() - BACKDATE_MS),
      notAfter: new Date(now.getTime() + CA_VALIDITY_MS),
      signingAlgorithm: SIGNING_ALGORITHM,
      extensions: [
        new BasicConstraintsExtension(true, 0, true),
        new KeyUsagesExtension(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign | KeyUsageFlags.digitalSignature, true),
        await SubjectKeyIdentifierExtension.create(keys.publicKey, false, webcrypto),
      ],
    },
    webcrypto,
  );
  return { cert: cert.toString("pem"), key: await exportKey(keys.privateKey) };
}

/** A new key and a certificate for it, signed by `ca`. */
export async function issueLeaf(ca: CertificatePem, request: LeafRequest, now: Date): Promise<CertificatePem> {
  const caCert = new X509Certificate(ca.cert);
  const caKey = await webcrypto.subtle.importKey("pkcs8", PemConverter.decodeFirst(ca.key), KEY_ALGORITHM, false, [
    "sign",
  ]);
  const keys = await generateKeys();
  const usage = request.usage === "server" ? ExtendedKeyUsage.serverAuth : ExtendedKeyUsage.clientAuth;
  const extensions: Extension[] = [
    new BasicConstraintsExtension(false, undefined, true),
    new KeyUsagesExtension(KeyUsageFlags.digitalSignature, true),
    new ExtendedKeyUsageExtension([usage], false),
    await AuthorityKeyIdentifierExtension.create(caCert, false, webcrypto),
    await SubjectKeyIdentifierExtension.create(keys.publicKey, false, webcrypto),
  ];
  if (request.subjectAltNames !== undefined && request.subjectAltNames.length > 0) {
    extensions.push(new SubjectAlternativeNameExtension([...request.subjectAltNames], false));
  }
  const cert = await X509CertificateGenerator.create(
    {
      subject: toName(request),
      issuer: caCert.subjectName,
      publicKey: keys.publicKey,
      signingKey: caKey,
      notBefore: new Date(now.getTime() - BACKDATE_MS),
      notAfter: new Date(now.getTime() + LEAF_VALIDITY_MS),
      signingAlgorithm: SIGNING_ALGORITHM,
      extensions,
    },
    webcrypto,
  );
  return { cert: cert.toString("pem"), key: await exportKey(keys.privateKey) };
}

function generateKeys(): Promise<webcrypto.CryptoKeyPair> {
  return webcrypto.subtle.generateKey(KEY_ALGORITHM, true, ["sign", "verify"]);
}

async function exportKey(key: webcrypto.CryptoKey): Promise<string> {
  return PemConverter.encode(await webcrypto.subtle.exportKey("pkcs8", key), "PRIVATE KEY");
}

/** One RDN per attribute value, as Go's pkix.Name writes them, so each O is its own group. */
function toName(subject: Subject): JsonName {
  return [{ CN: [subject.commonName] }, ...(subject.organizations ?? []).map((o) => ({ O: [o] }))];
}
