/**
 * What the PKI module hands out: PEM text, ready for `tls` options and
 * kubeconfig files, and results that carry failures as values.
 */

/** A certificate and its private key (PKCS#8), both PEM. */
export interface CertificatePem {
  readonly cert: string;
  readonly key: string;
}

/** The cluster's credentials as stored under `<dataDir>/pki/`. */
export interface Pki {
  /** The cluster CA (CN `mini-ca`): trusts every other certificate here. */
  readonly ca: CertificatePem;
  /** The API server's serving certificate (CN `mini-apiserver`). */
  readonly server: CertificatePem;
  /** The admin client certificate (CN `mini-admin`, O `system:masters`). */
  readonly admin: CertificatePem;
}

export type PkiPart = keyof Pki;

/** The outcome of an operation that touches files or keys. */
export type PkiResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: Error };
