/**
 * Whether stored certificates can be used as they are, answered with
 * node:crypto's X509Certificate: the same signature, key and name checks a
 * TLS peer makes.
 */
import { X509Certificate, createPrivateKey } from "node:crypto";
import type { KeyObject } from "node:crypto";
import type { SubjectAltName } from "./sans.js";
import type { CertificatePem } from "./types.js";

/** Leaves are renewed this long before they expire, so a long-running cluster never serves a lapsed one. */
const RENEW_BEFORE_MS = 30 * 24 * 60 * 60 * 1000;

export interface LeafExpectations {
  /** The CA certificate (PEM) that must have signed the leaf. */
  readonly ca: string;
  /** Names the leaf must be valid for. @default [] */
  readonly subjectAltNames?: readonly SubjectAltName[];
  readonly now: Date;
}

/** A stored pair that can be used as it is, or why it cannot. */
export type Verdict =
  | { readonly usable: true; readonly pair: CertificatePem }
  | { readonly usable: false; readonly reason: string };

/** Whether a stored leaf can stay, or why it must be issued again. */
export function checkLeaf(stored: Partial<CertificatePem>, expected: LeafExpectations): Verdict {
  const { cert: certPem, key: keyPem } = stored;
  if (certPem === undefined) return { usable: false, reason: "missing" };
  if (keyPem === undefined) return { usable: false, reason: "its key is missing" };
  const reason = leafProblem(certPem, keyPem, expected);
  return reason === undefined ? { usable: true, pair: { cert: certPem, key: keyPem } } : { usable: false, reason };
}

function leafProblem(certPem: string, keyPem: string, expected: LeafExpectations): string | undefined {
  let cert: X509Certificate;
  let key: KeyObject;
  try {
    cert = new X509Certificate(certPem);
    key = createPrivateKey(keyPem);
  } catch (error: unknown) {
    // A leaf is disposable: an unreadable one is reissued, and the reason says why.
    return `unreadable (${error instanceof Error ? error.message : String(error)})`;
  }
  const ca = new X509Certificate(expected.ca);
  if (!cert.checkIssued(ca) || !cert.verify(ca.publicKey)) return "not issued by the current CA";
  if (!cert.checkPrivateKey(key)) return "its key does not match";
  const expires = new Date(cert.validTo);
  if (expires.getTime() - expected.now.getTime() < RENEW_BEFORE_MS) return `expires ${expires.toISOString()}`;
  const uncovered = (expected.subjectAltNames ?? []).filter((name) => !covers(cert, name));
  if (uncovered.length > 0) return `not valid for ${uncovered.map((name) => name.value).join(", ")}`;
  return undefined;
}

/**
 * Whether a stored CA can be used. A CA is never replaced silently: every
 * kubeconfig and client certificate trusts it.
 */
export function checkCa(stored: Partial<CertificatePem>, now: Date): Verdict {
  const { cert: certPem, key: keyPem } = stored;
  if (certPem === undefined) return { usable: false, reason: "ca.crt is missing" };
  if (keyPem === undefined) return { usable: false, reason: "ca.key is missing" };
  const cert = new X509Certificate(certPem);
  const expires = new Date(cert.validTo);
  if (!cert.ca) return { usable: false, reason: "ca.crt is not a CA certificate" };
  if (!cert.checkPrivateKey(createPrivateKey(keyPem))) return { usable: false, reason: "ca.key does not match ca.crt" };
  if (expires.getTime() <= now.getTime()) return { usable: false, reason: `the CA expired ${expires.toISOString()}` };
  return { usable: true, pair: { cert: certPem, key: keyPem } };
}

function covers(cert: X509Certificate, name: SubjectAltName): boolean {
  // subject: "never" — only SANs count, as in Go's verifier that kubectl uses.
  return name.type === "ip"
    ? cert.checkIP(name.value) !== undefined
    : cert.checkHost(name.value, { subject: "never" }) !== undefined;
}
