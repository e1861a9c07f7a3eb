/**
 * The user a client certificate authenticates as, the way kube-apiserver's
 * x509 authenticator reads it: the subject's CN is the user name and each O
 * is a group. (`system:authenticated` is added later, by the API's
 * authentication layer, for every authenticated user alike.)
 */
import type { PeerCertificate } from "node:tls";

export interface CertificateUser {
  readonly name: string;
  readonly groups: readonly string[];
}

/**
 * The user of a verified peer certificate, or undefined when there is none
 * or it has no common name (kube-apiserver rejects those too). Only call it
 * for an `authorized` socket: this reads names, it does not verify.
 */
export function userFromCertificate(certificate: Pick<PeerCertificate, "subject">): CertificateUser | undefined {
  // Node gives a string for one value and an array for several; a socket
  // without a peer certificate yields `{}`, whatever the type says.
  const subject: Readonly<Record<string, unknown>> | undefined = certificate.subject;
  if (subject === undefined) return undefined;
  // Go's pkix.Name keeps the last CN it reads, so several CNs resolve to the last.
  const name = values(subject["CN"]).at(-1);
  if (name === undefined || name === "") return undefined;
  return { name, groups: values(subject["O"]) };
}

function values(field: unknown): string[] {
  if (typeof field === "string") return [field];
  if (Array.isArray(field)) return field.filter((item): item is string => typeof item === "string");
  return [];
}
