/**
 * The PKI module's front door: the cluster CA and the certificates it signs,
 * the user a client certificate stands for, and the admin kubeconfig.
 */
export { ensurePki } from "./ensure.js";
export type { EnsuredPki, EnsurePkiOptions, IssuedPart } from "./ensure.js";
export { loadPki } from "./load.js";
export { issueClientCertificate } from "./issue.js";
export type { ClientSubject } from "./issue.js";
export { userFromCertificate } from "./user.js";
export type { CertificateUser } from "./user.js";
export { kubeconfigPath, readKubeconfigServer, writeKubeconfig } from "./kubeconfig.js";
export type { KubeconfigOptions } from "./kubeconfig.js";
export type { CertificatePem, Pki, PkiPart, PkiResult } from "./types.js";
export { ensureServiceAccountKey, generateServiceAccountKeyPem, serviceAccountKeyFromPem } from "./service-account-key.js";
export type { ServiceAccountKey } from "./service-account-key.js";
export { jwks, looksLikeJwt, signJwt, verifyJwt } from "./jwt.js";
export type { JwtClaims, JwtVerification } from "./jwt.js";
