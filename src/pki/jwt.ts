/**
 * Compact JWS (JWT) signing and verification with ES256, the form of
 * service account tokens: base64url(header).base64url(claims).base64url(r‖s).
 * Verification checks only the signature and the header; what the claims
 * must say is the caller's business.
 */
import { sign, verify } from "node:crypto";
import type { ServiceAccountKey } from "./service-account-key.js";

export type JwtClaims = Record<string, unknown>;

export type JwtVerification = { readonly ok: true; readonly claims: JwtClaims } | { readonly ok: false; readonly reason: string };

const ALGORITHM = "ES256";

function encodeSegment(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

function decodeSegment(segment: string): unknown {
  return JSON.parse(Buffer.from(segment, "base64url").toString("utf8"));
}

export function signJwt(key: ServiceAccountKey, claims: JwtClaims): string {
  const signingInput = `${encodeSegment({ alg: ALGORITHM, kid: key.keyId })}.${encodeSegment(claims)}`;
  // JWS wants the raw r‖s pair, not the DER structure Node produces by default.
  const signature = sign("sha256", Buffer.from(signingInput), { key: key.privateKey, dsaEncoding: "ieee-p1363" });
  return `${signingInput}.${signature.toString("base64url")}`;
}

/** Whether `token` looks like a JWT at all: bearer tokens of other kinds are not ours to judge. */
export function looksLikeJwt(token: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token);
}

export function verifyJwt(key: ServiceAccountKey, token: string): JwtVerification {
  if (!looksLikeJwt(token)) return { ok: false, reason: "not a compact JWS" };
  const [header = "", payload = "", signature = ""] = token.split(".");
  let parsedHeader: unknown;
  let claims: unknown;
  try {
    parsedHeader = decodeSegment(header);
    claims = decodeSegment(payload);
  } catch {
    return { ok: false, reason: "malformed token" };
  }
  const alg = (parsedHeader as { alg?: unknown } | null)?.alg;
  if (alg !== ALGORITHM) return { ok: false, reason: `unsupported signing algorithm ${String(alg)}` };
  const valid = verify("sha256", Buffer.from(`${header}.${payload}`), { key: key.publicKey, dsaEncoding: "ieee-p1363" }, Buffer.from(signature, "base64url"));
  if (!valid) return { ok: false, reason: "invalid signature" };
  if (typeof claims !== "object" || claims === null || Array.isArray(claims)) return { ok: false, reason: "claims are not an object" };
  return { ok: true, claims: claims as JwtClaims };
}

/** The public key as a JSON Web Key Set, as /openid/v1/jwks serves it. */
export function jwks(key: ServiceAccountKey): { keys: Record<string, unknown>[] } {
  const jwk = key.publicKey.export({ format: "jwk" });
  return { keys: [{ use: "sig", kty: jwk.kty, kid: key.keyId, crv: jwk.crv, alg: ALGORITHM, x: jwk.x, y: jwk.y }] };
}
