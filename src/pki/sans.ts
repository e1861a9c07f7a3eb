/**
 * Subject alternative names of the serving certificate: which names it must
 * carry. Whether a certificate covers them is Node's question to answer
 * (`X509Certificate#checkHost`/`checkIP`, the checks TLS clients make).
 */
import { hostname } from "node:os";
import { isIP } from "node:net";

export interface SubjectAltName {
  readonly type: "dns" | "ip";
  readonly value: string;
}

/** Loopback names every serving certificate carries, so local clients always verify. */
const LOOPBACK_NAMES = ["localhost", "127.0.0.1", "::1"] as const;

/**
 * The names a serving certificate needs: loopback, this machine's hostname,
 * and `extra` (DNS names or IP addresses, e.g. the address mini listens on).
 */
export function servingSubjectAltNames(extra: readonly string[], host: string = hostname()): SubjectAltName[] {
  const names = new Set([...LOOPBACK_NAMES, host, ...extra].map((name) => name.toLowerCase()));
  names.delete("");
  return [...names].map(toSubjectAltName);
}

/** An IP address when it parses as one, a DNS name otherwise. */
function toSubjectAltName(name: string): SubjectAltName {
  return isIP(name) === 0 ? { type: "dns", value: name } : { type: "ip", value: name };
}
