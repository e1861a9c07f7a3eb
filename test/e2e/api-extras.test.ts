/**
 * The API beyond plain objects, driven with the real kubectl: autoscalers
 * (`kubectl autoscale` writes autoscaling/v1, `kubectl get hpa` reads v2 of
 * the same object), events in both of their groups, service account tokens
 * used as Bearer credentials, access reviews (`kubectl auth can-i`,
 * `whoami`) and `/metrics`.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { gcloudKubectl, jsonOf, kubectlJson, parseTable, runProcess, startMini, waitUntil, type Mini } from "../harness.js";

let mini: Mini;
before(async () => {
  mini = await startMini();
  await mini.kubectl(["create", "deployment", "web", "--image=nginx", "--replicas=2"]);
});
after(async () => {
  await mini?.dispose();
});

/** A raw request with a bearer token and no client certificate. */
function withToken(token: string, path: string, init: { method?: string; body?: string } = {}) {
  return mini.request({
    path,
    auth: "none",
    headers: { Authorization: `Bearer ${token}`, ...(init.body ? { "Content-Type": "application/json" } : {}) },
    ...(init.method ? { method: init.method } : {}),
    ...(init.body ? { body: init.body } : {}),
  });
}

test("kubectl autoscale creates an autoscaler that kubectl get hpa shows without metrics", async () => {
  const created = await mini.kubectl(["autoscale", "deploy", "web", "--min=2", "--max=5", "--cpu-percent=80"]);
  assert.equal(created.stdout.trim(), "horizontalpodautoscaler.autoscaling/web autoscaled");
  const table = parseTable((await mini.kubectl(["get", "hpa"])).stdout);
  assert.deepEqual(table.headers, ["NAME", "REFERENCE", "TARGETS", "MINPODS", "MAXPODS", "REPLICAS", "AGE"]);
  assert.deepEqual(
    [table.rows[0]?.["NAME"], table.rows[0]?.["REFERENCE"], table.rows[0]?.["TARGETS"], table.rows[0]?.["MINPODS"], table.rows[0]?.["MAXPODS"], table.rows[0]?.["REPLICAS"]],
    ["web", "Deployment/web", "cpu: <unknown>/80%", "2", "5", "0"],
  );
  const v2 = await kubectlJson(mini, ["get", "hpa", "web"]);
  assert.equal(v2["apiVersion"], "autoscaling/v2");
  assert.deepEqual((v2["spec"] as { metrics: unknown }).metrics, [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 80 } } }]);
  const v1 = await kubectlJson(mini, ["get", "horizontalpodautoscalers.v1.autoscaling", "web"]);
  assert.equal(v1["apiVersion"], "autoscaling/v1");
  assert.equal((v1["spec"] as { targetCPUUtilizationPercentage: number }).targetCPUUtilizationPercentage, 80);
  assert.equal((v1["metadata"] as { resourceVersion: string }).resourceVersion, (v2["metadata"] as { resourceVersion: string }).resourceVersion);
});

test("kubectl 1.33 autoscale writes autoscaling/v2 as protobuf", async () => {
  await mini.kubectl(["create", "deployment", "api", "--image=nginx"]);
  const invocation = mini.kubectlInvocation(["autoscale", "deploy", "api", "--max=4", "--cpu-percent=60", "-v=6"]);
  const result = await runProcess(gcloudKubectl(33), invocation.args, { env: invocation.env });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /POST.*\/apis\/autoscaling\/v2\/namespaces\/default\/horizontalpodautoscalers.*201 Created/);
  assert.doesNotMatch(result.stderr, /Falling back/);
  const v2 = await kubectlJson(mini, ["get", "hpa", "api"]);
  assert.deepEqual((v2["spec"] as { metrics: unknown }).metrics, [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 60 } } }]);
  const row = parseTable((await mini.kubectl(["get", "hpa", "api"])).stdout).rows[0];
  assert.deepEqual([row?.["TARGETS"], row?.["MINPODS"], row?.["MAXPODS"]], ["cpu: <unknown>/60%", "1", "4"]);
});

test("a patch through autoscaling/v1 changes the v2 metric", async () => {
  await mini.kubectl(["patch", "horizontalpodautoscalers.v1.autoscaling", "web", "--type=merge", "-p", '{"spec":{"targetCPUUtilizationPercentage":55}}']);
  const v2 = await kubectlJson(mini, ["get", "hpa", "web"]);
  assert.deepEqual((v2["spec"] as { metrics: unknown }).metrics, [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 55 } } }]);
  const invalid = await mini.kubectl(["patch", "hpa", "web", "--type=merge", "-p", '{"spec":{"maxReplicas":1}}'], { allowFail: true });
  assert.match(invalid.stderr, /spec.maxReplicas: Invalid value: 1: must be greater than or equal to `minReplicas`/);
});

test("events are served as core v1 and as events.k8s.io/v1 from one store", async () => {
  const manifest = JSON.stringify({
    apiVersion: "events.k8s.io/v1",
    kind: "Event",
    metadata: { name: "hello", namespace: "default" },
    eventTime: "2026-01-01T12:00:00.000000Z",
    reportingController: "example.com/tester",
    reportingInstance: "tester-1",
    action: "Testing",
    reason: "Hello",
    note: "greetings from events.k8s.io",
    type: "Normal",
    regarding: { apiVersion: "apps/v1", kind: "Deployment", name: "web", namespace: "default" },
  });
  assert.equal((await mini.kubectl(["create", "-f", "-"], { stdin: manifest })).stdout.trim(), "event.events.k8s.io/hello created");
  const core = await kubectlJson(mini, ["get", "events", "hello"]);
  assert.equal(core["message"], "greetings from events.k8s.io");
  assert.equal((core["involvedObject"] as { name: string }).name, "web");
  const listed = parseTable((await mini.kubectl(["get", "events.v1.events.k8s.io", "--field-selector", "reason=Hello"])).stdout);
  assert.deepEqual([listed.rows[0]?.["REASON"], listed.rows[0]?.["OBJECT"], listed.rows[0]?.["MESSAGE"]], ["Hello", "deployment/web", "greetings from events.k8s.io"]);
  const events = await mini.kubectl(["events", "--for", "deployment/web"]);
  assert.match(events.stdout, /Hello\s+Deployment\/web\s+greetings from events.k8s.io/);
});

test("kubectl create token issues a token the API server accepts as a Bearer credential", async () => {
  await mini.kubectl(["create", "serviceaccount", "bot"]);
  const token = (await mini.kubectl(["create", "token", "bot", "--duration=15m"])).stdout.trim();
  const [, payload = ""] = token.split(".");
  const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown>;
  assert.equal(claims["iss"], "https://kubernetes.default.svc.cluster.local");
  assert.equal(claims["sub"], "system:serviceaccount:default:bot");
  assert.equal((claims["exp"] as number) - (claims["iat"] as number), 900);
  const pods = await withToken(token, "/api/v1/namespaces/default/pods");
  assert.equal(pods.status, 200, pods.body);
  const whoami = jsonOf(await withToken(token, "/apis/authentication.k8s.io/v1/selfsubjectreviews", { method: "POST", body: '{"apiVersion":"authentication.k8s.io/v1","kind":"SelfSubjectReview"}' }));
  const userInfo = (whoami["status"] as { userInfo: { username: string; groups: string[] } }).userInfo;
  assert.equal(userInfo.username, "system:serviceaccount:default:bot");
  assert.deepEqual(userInfo.groups, ["system:serviceaccounts", "system:serviceaccounts:default", "system:authenticated"]);
});

test("forged, foreign and revoked tokens get 401", async () => {
  await mini.kubectl(["create", "serviceaccount", "temp"]);
  const token = (await mini.kubectl(["create", "token", "temp"])).stdout.trim();
  const [header, payload, signature] = token.split(".");
  const claims = JSON.parse(Buffer.from(payload ?? "", "base64url").toString("utf8")) as Record<string, unknown>;
  const forged = `${header}.${Buffer.from(JSON.stringify({ ...claims, sub: "system:serviceaccount:kube-system:admin" })).toString("base64url")}.${signature}`;
  for (const bad of [forged, "not-a-token"]) {
    const response = await withToken(bad, "/api/v1/pods");
    assert.equal(response.status, 401, bad);
    assert.equal(jsonOf(response)["reason"], "Unauthorized");
  }
  const audienceless = (await mini.kubectl(["create", "token", "temp", "--audience=vault"])).stdout.trim();
  assert.equal((await withToken(audienceless, "/api/v1/pods")).status, 401, "a token for another audience");
  assert.equal((await withToken(token, "/api/v1/pods")).status, 200);
  await mini.kubectl(["delete", "serviceaccount", "temp"]);
  assert.equal((await withToken(token, "/api/v1/pods")).status, 401, "deleting the service account revokes its tokens");
});

test("token requests are validated as upstream validates them", async () => {
  const short = await mini.kubectl(["create", "token", "bot", "--duration=5m"], { allowFail: true });
  assert.match(short.stderr, /spec.expirationSeconds: Invalid value: 300: may not specify a duration less than 10 minutes/);
  const missing = await mini.kubectl(["create", "token", "nobody"], { allowFail: true });
  assert.match(missing.stderr, /serviceaccounts "nobody" not found/);
  const unbound = await mini.kubectl(["create", "token", "bot", "--bound-object-kind=Pod", "--bound-object-name=missing"], { allowFail: true });
  assert.match(unbound.stderr, /pods "missing" not found/);
});

test("the issuer's discovery document and keys are served", async () => {
  const config = jsonOf(await mini.request({ path: "/.well-known/openid-configuration" }));
  assert.equal(config["issuer"], "https://kubernetes.default.svc.cluster.local");
  assert.equal(config["jwks_uri"], "https://kubernetes.default.svc.cluster.local/openid/v1/jwks");
  const keys = jsonOf(await mini.request({ path: "/openid/v1/jwks" }))["keys"] as { kid: string; alg: string; kty: string }[];
  const token = (await mini.kubectl(["create", "token", "bot"])).stdout.trim();
  const kid = (JSON.parse(Buffer.from(token.split(".")[0] ?? "", "base64url").toString("utf8")) as { kid: string }).kid;
  assert.deepEqual(keys.map((key) => [key.kid, key.alg, key.kty]), [[kid, "ES256", "EC"]]);
});

test("kubectl auth can-i, can-i --list and whoami answer for the certificate's user", async () => {
  assert.equal((await mini.kubectl(["auth", "can-i", "create", "pods"])).stdout.trim(), "yes");
  assert.equal((await mini.kubectl(["auth", "can-i", "delete", "nodes", "--all-namespaces"])).stdout.trim(), "yes");
  const rules = parseTable((await mini.kubectl(["auth", "can-i", "--list"])).stdout);
  assert.deepEqual(rules.headers, ["Resources", "Non-Resource URLs", "Resource Names", "Verbs"]);
  assert.equal(rules.rows[0]?.["Resources"], "*.*");
  const whoami = parseTable((await mini.kubectl(["auth", "whoami"])).stdout);
  assert.deepEqual(
    whoami.rows.map((row) => [row["ATTRIBUTE"], row["VALUE"]]),
    [
      ["Username", "mini-admin"],
      ["Groups", "[system:masters system:authenticated]"],
    ],
  );
});

test("reviews are create-only and listed in discovery with the create verb only", async () => {
  const get = await mini.request({ path: "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews" });
  assert.equal(get.status, 405);
  const resources = jsonOf(await mini.request({ path: "/apis/authorization.k8s.io/v1" }))["resources"] as { name: string; verbs: string[] }[];
  assert.deepEqual(
    resources.map((resource) => [resource.name, resource.verbs]),
    [
      ["selfsubjectaccessreviews", ["create"]],
      ["selfsubjectrulesreviews", ["create"]],
      ["subjectaccessreviews", ["create"]],
    ],
  );
  const core = jsonOf(await mini.request({ path: "/api/v1" }))["resources"] as { name: string; verbs: string[] }[];
  assert.deepEqual(core.find((resource) => resource.name === "serviceaccounts/token")?.verbs, ["create"]);
});

test("/metrics counts requests by verb, resource and code in the Prometheus format", async () => {
  await mini.kubectl(["get", "pods"]);
  await mini.kubectl(["get", "deployment", "missing"], { allowFail: true });
  const watch = mini.kubectlWatch(["get", "pods", "--watch"]);
  await watch.waitForLine(/NAME|No resources/);
  const text = await waitUntil(
    "the watch to show in apiserver_longrunning_requests",
    async () => {
      const response = await mini.request({ path: "/metrics", headers: { Accept: "text/plain" } });
      return /apiserver_longrunning_requests\{verb="WATCH",group="",version="v1",resource="pods",subresource="",scope="namespace",component="apiserver"\} 1/.test(response.body) ? response : undefined;
    },
    { timeoutMs: 10_000 },
  );
  await watch.stop();
  assert.match(String(text.headers["content-type"]), /^text\/plain; version=0.0.4/);
  assert.match(text.body, /^apiserver_request_total\{verb="LIST",group="",version="v1",resource="pods",subresource="",scope="namespace",component="apiserver",code="200"\} \d+$/m);
  assert.match(text.body, /^apiserver_request_total\{verb="GET",group="apps",version="v1",resource="deployments",subresource="",scope="resource",component="apiserver",code="404"\} 1$/m);
  assert.match(text.body, /^apiserver_request_duration_seconds_bucket\{verb="LIST",group="",version="v1",resource="pods",.*le="\+Inf"\} \d+$/m);
  // web and api.
  assert.match(text.body, /^apiserver_storage_objects\{resource="deployments.apps"\} 2$/m);
  assert.match(text.body, /^process_resident_memory_bytes \d+$/m);
  const head = await mini.kubectl(["get", "--raw", "/metrics"]);
  assert.match(head.stdout, /^# HELP apiserver_request_total /);
});
