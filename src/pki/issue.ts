/**
 * Client certificates for the cluster's own components (kubelet,
 * controllers…): the CA signs, the API server maps CN and O to user and
 * groups.
 */
import { attempt } from "./result.js";
import { issueLeaf } from "./x509.js";
import type { CertificatePem, Pki, PkiResult } from "./types.js";

export interface ClientSubject {
  /** Becomes the user name, e.g. `system:node:mini`. */
  readonly commonName: string;
  /** Become the groups, e.g. `system:nodes`. @default [] */
  readonly organizations?: readonly string[];
}

/** A fresh key and client certificate signed by the cluster CA; nothing is written to disk. */
export function issueClientCertificate(pki: Pick<Pki, "ca">, subject: ClientSubject): Promise<PkiResult<CertificatePem>> {
  return attempt(`Cannot issue a client certificate for ${subject.commonName}`, () =>
    issueLeaf(pki.ca, { ...subject, usage: "client" }, new Date()),
  );
}
