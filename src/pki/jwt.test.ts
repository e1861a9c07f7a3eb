import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash, createPublicKey } from "node:crypto";
import { generateServiceAccountKeyPem, serviceAccountKeyFromPem } from "./service-account-key.js";
import { jwks, signJwt, verifyJwt } from "./jwt.js";

const key = serviceAccountKeyFromPem(generateServiceAccountKeyPem());

test("a signed token verifies and gives back its claims", () => {
  const token = signJwt(key, { sub: "system:serviceaccount:default:bot", exp: 42 });
  const header = JSON.parse(Buffer.from(token.split(".")[0] ?? "", "base64url").toString());
  assert.deepEqual(header, { alg: "ES256", kid: key.keyId });
  assert.deepEqual(verifyJwt(key, token), { ok: true, claims: { sub: "system:serviceaccount:default:bot", exp: 42 } });
});

test("tokens with changed claims, another key's signature or another algorithm are refused", () => {
  const token = signJwt(key, { sub: "a" });
  const [header, , signature] = token.split(".");
  const forgedClaims = `${header}.${Buffer.from(JSON.stringify({ sub: "b" })).toString("base64url")}.${signature}`;
  assert.deepEqual(verifyJwt(key, forgedClaims), { ok: false, reason: "invalid signature" });
  const other = serviceAccountKeyFromPem(generateServiceAccountKeyPem());
  assert.deepEqual(verifyJwt(key, signJwt(other, { sub: "a" })), { ok: false, reason: "invalid signature" });
  const none = `${Buffer.from(JSON.stringify({ alg: "none" })).toString("base64url")}.${Buffer.from("{}").toString("base64url")}.x`;
  assert.deepEqual(verifyJwt(key, none), { ok: false, reason: "unsupported signing algorithm none" });
  assert.deepEqual(verifyJwt(key, "not-a-jwt"), { ok: false, reason: "not a compact JWS" });
});

test("the key id is the SHA-256 of the public key and the JWKS carries the public key", () => {
  const der = key.publicKey.export({ type: "spki", format: "der" });
  assert.equal(key.keyId, createHash("sha256").update(der).digest("base64url"));
  const [published] = jwks(key).keys;
  assert.equal(published?.kid, key.keyId);
  assert.equal(published?.alg, "ES256");
  const rebuilt = createPublicKey({ key: { kty: "EC", crv: "P-256", x: published?.x as string, y: published?.y as string }, format: "jwk" });
  assert.ok(rebuilt.equals(key.publicKey));
});

test("only ECDSA P-256 keys are accepted for signing", () => {
  assert.throws(() => serviceAccountKeyFromPem("-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIDzBJ2wdRKiOjb1/CWFExmGq7S/gPlR/Lk5RZxT9mfJx\n-----END PRIVATE KEY-----\n"), /ECDSA P-256/);
});
