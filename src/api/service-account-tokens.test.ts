import { test } from "node:test";
import assert from "node:assert/strict";
import { builtinKinds } from "../apis/index.js";
import type { KubeObject } from "../apis/types.js";
import { generateServiceAccountKeyPem, serviceAccountKeyFromPem, signJwt } from "../pki/index.js";
import { openSqliteBackend } from "../store/index.js";
import { Registry } from "./registry/index.js";
import { SERVICE_ACCOUNT_ISSUER, ServiceAccountTokens } from "./service-account-tokens.js";

const writeOptions = { dryRun: false, fieldValidation: "Strict" as const };
const key = serviceAccountKeyFromPem(generateServiceAccountKeyPem());

async function setUp(): Promise<{ registry: Registry; tokens: ServiceAccountTokens; account: KubeObject; pod: KubeObject }> {
  const registry = new Registry(await openSqliteBackend({ path: ":memory:" }), builtinKinds);
  await registry.forKind("", "Namespace").create("", { apiVersion: "v1", kind: "Namespace", metadata: { name: "apps" } }, writeOptions);
  const account = (await registry.forKind("", "ServiceAccount").create("apps", { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "bot" } }, writeOptions)).object;
  const podBody = { apiVersion: "v1", kind: "Pod", metadata: { name: "web" }, spec: { containers: [{ name: "c", image: "nginx" }] } };
  const pod = (await registry.forKind("", "Pod").create("apps", podBody, writeOptions)).object;
  return { registry, tokens: new ServiceAccountTokens(key, registry), account, pod };
}

test("an issued token authenticates as its service account with upstream's groups", async () => {
  const { tokens, account } = await setUp();
  const issued = tokens.issue({ serviceAccount: account, audiences: [SERVICE_ACCOUNT_ISSUER], expirationSeconds: 3600, now: new Date() });
  const outcome = await tokens.authenticate(issued.token);
  assert.ok(outcome.ok);
  assert.equal(outcome.user.name, "system:serviceaccount:apps:bot");
  assert.equal(outcome.user.uid, account.metadata.uid);
  assert.deepEqual(outcome.user.groups, ["system:serviceaccounts", "system:serviceaccounts:apps", "system:authenticated"]);
});

test("tokens that expired, are meant for another audience or name a deleted account are refused", async () => {
  const { registry, tokens, account } = await setUp();
  const past = new Date(Date.now() - 7200_000);
  const expired = tokens.issue({ serviceAccount: account, audiences: [SERVICE_ACCOUNT_ISSUER], expirationSeconds: 600, now: past });
  assert.deepEqual(await tokens.authenticate(expired.token), { ok: false, reason: "token has expired" });
  const elsewhere = tokens.issue({ serviceAccount: account, audiences: ["vault"], expirationSeconds: 600 });
  assert.deepEqual(await tokens.authenticate(elsewhere.token), { ok: false, reason: "token audiences are invalid" });
  const foreign = signJwt(key, { iss: "https://example.com", exp: Date.now() / 1000 + 600 });
  assert.deepEqual(await tokens.authenticate(foreign), { ok: false, reason: "token issuer is not trusted" });
  const valid = tokens.issue({ serviceAccount: account, audiences: [SERVICE_ACCOUNT_ISSUER], expirationSeconds: 600 });
  await registry.forKind("", "ServiceAccount").delete("apps", "bot", {}, false);
  assert.deepEqual(await tokens.authenticate(valid.token), { ok: false, reason: 'serviceaccounts "bot" not found' });
});

test("a pod-bound token carries the pod and dies with it", async () => {
  const { registry, tokens, account, pod } = await setUp();
  const issued = tokens.issue({ serviceAccount: account, audiences: [SERVICE_ACCOUNT_ISSUER], expirationSeconds: 600, boundObject: pod });
  const outcome = await tokens.authenticate(issued.token);
  assert.ok(outcome.ok);
  assert.deepEqual(outcome.user.extra?.["authentication.kubernetes.io/pod-name"], ["web"]);
  await registry.forKind("", "Pod").delete("apps", "web", { gracePeriodSeconds: 0 }, false);
  assert.deepEqual(await tokens.authenticate(issued.token), { ok: false, reason: 'pods "web" not found' });
});

test("the expiration timestamp is whole seconds after the issue time", async () => {
  const { tokens, account } = await setUp();
  const issued = tokens.issue({ serviceAccount: account, audiences: [SERVICE_ACCOUNT_ISSUER], expirationSeconds: 3600, now: new Date("2025-01-01T12:00:00.750Z") });
  assert.equal(issued.expirationTimestamp, "2025-01-01T13:00:00Z");
});
