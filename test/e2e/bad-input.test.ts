/**
 * Bad input, through kubectl and raw HTTPS: each case gets a clear 4xx Status (or kubectl's own
 * error), never a 5xx or a crash, and leaves every object as it was.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { jsonOf, manifest, snapshot, startMini, type Mini, type RawRequest, type RawResponse } from "../harness.js";

const NS = "e2e-bad";
const CM_URL = `/api/v1/namespaces/${NS}/configmaps`;
let mini: Mini;

before(async () => {
  mini = await startMini();
  await mini.kubectl(["apply", "-f", "-"], {
    stdin: manifest(
      { apiVersion: "v1", kind: "Namespace", metadata: { name: NS } },
      { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "target", namespace: NS, labels: { app: "t" } }, data: { a: "1" } },
      {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: "steady", namespace: NS },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: "steady" } },
          template: { metadata: { labels: { app: "steady" } }, spec: { containers: [{ name: "c", image: "nginx:1.27" }] } },
        },
      },
      { apiVersion: "v1", kind: "Service", metadata: { name: "steady", namespace: NS }, spec: { selector: { app: "steady" }, ports: [{ port: 80 }] } },
    ),
  });
});
after(async () => {
  await mini?.dispose();
});

/** Runs `action` and asserts that no namespace, configmap, secret, service or deployment changed. */
async function changesNothing(action: () => Promise<void>): Promise<void> {
  const before = await snapshot(mini);
  await action();
  const after = await snapshot(mini);
  assert.deepEqual(after, before, "the bad request changed stored objects");
  assert.ok(mini.running(), `mini exited; its output:\n${mini.output()}`);
}

/** A raw request whose answer must be a Failure Status with this code (and reason, if given). */
async function expectStatus(
  request: RawRequest,
  { code, reason }: { code: number; reason?: string },
): Promise<Record<string, unknown>> {
  const response: RawResponse = await mini.request(request);
  assert.equal(response.status, code, `${request.method ?? "GET"} ${request.path}: ${response.body.slice(0, 400)}`);
  const status = jsonOf(response);
  assert.equal(status["kind"], "Status");
  assert.equal(status["apiVersion"], "v1");
  assert.equal(status["status"], "Failure");
  assert.equal(status["code"], code);
  if (reason !== undefined) assert.equal(status["reason"], reason);
  assert.equal(typeof status["message"], "string");
  assert.notEqual(status["message"], "");
  return status;
}

const json = { "Content-Type": "application/json" };

/** kubectl exits 1 with `stderr` matching, and says nothing of an internal error. */
async function kubectlFails(args: string[], { stdin, stderr }: { stdin?: string; stderr: RegExp }): Promise<void> {
  const result = await mini.kubectl(args, { allowFail: true, ...(stdin === undefined ? {} : { stdin }) });
  assert.equal(result.code, 1, `kubectl ${args.join(" ")} should fail\nstdout: ${result.stdout}\nstderr: ${result.stderr}`);
  assert.match(result.stderr, stderr);
  assert.doesNotMatch(result.stderr, /InternalError|Internal error|\(500\)/);
}

// Every case below must change nothing, so they run concurrently: when one does change something,
// the snapshot diff of the failing tests names the object, which points at the culprit.
describe("bad input", { concurrency: true }, () => {
  test("malformed YAML to kubectl apply -f - is refused", async () => {
    await changesNothing(() =>
      kubectlFails(["apply", "-f", "-"], { stdin: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: broken\n   namespace: [oops\n", stderr: /yaml|YAML/ }),
    );
  });

  test("malformed JSON in a raw POST gets 400 BadRequest", async () => {
    await changesNothing(async () => {
      await expectStatus({ method: "POST", path: CM_URL, headers: json, body: '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"' }, { code: 400, reason: "BadRequest" });
      await expectStatus({ method: "POST", path: CM_URL, headers: json, body: "" }, { code: 400, reason: "BadRequest" });
      await expectStatus({ method: "POST", path: CM_URL, headers: json, body: "[1,2,3]" }, { code: 400, reason: "BadRequest" });
    });
  });

  test("an unknown kind gets kubectl's no matches for kind error, and its URL a 404", async () => {
    await changesNothing(async () => {
      await expectStatus({ method: "POST", path: `/api/v1/namespaces/${NS}/widgets`, headers: json, body: '{"apiVersion":"v1","kind":"Widget","metadata":{"name":"w"}}' }, { code: 404, reason: "NotFound" });
      await expectStatus({ path: "/api/v1/widgets" }, { code: 404, reason: "NotFound" });
      // kubectl's default validation asks the server whether Widget is a CRD before it reports the kind unknown.
      await kubectlFails(["apply", "-f", "-"], {
        stdin: manifest({ apiVersion: "v1", kind: "Widget", metadata: { name: "w", namespace: NS } }),
        stderr: /no matches for kind "Widget" in version "v1"/,
      });
    });
  });

  test("an unknown apiVersion gets kubectl's no matches for kind error, and its URL a 404", async () => {
    await changesNothing(async () => {
      await kubectlFails(["apply", "-f", "-"], {
        stdin: manifest({ apiVersion: "example.com/v9", kind: "ConfigMap", metadata: { name: "x", namespace: NS } }),
        stderr: /no matches for kind "ConfigMap" in version "example\.com\/v9"/,
      });
      await kubectlFails(["create", "-f", "-"], {
        stdin: manifest({ apiVersion: "apps/v2", kind: "Deployment", metadata: { name: "x", namespace: NS } }),
        stderr: /no matches for kind "Deployment" in version "apps\/v2"/,
      });
      const response = await mini.request({ path: "/apis/example.com/v9/namespaces/default/configmaps" });
      assert.equal(response.status, 404);
    });
  });

  test("an invalid name gets 422 Invalid with the metadata.name cause", async () => {
    await changesNothing(async () => {
      await kubectlFails(["apply", "-f", "-"], {
        stdin: manifest({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "Bad_Name", namespace: NS } }),
        stderr: /The ConfigMap "Bad_Name" is invalid: metadata\.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '\.'/,
      });
      const status = await expectStatus(
        { method: "POST", path: CM_URL, headers: json, body: JSON.stringify({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "Bad_Name" } }) },
        { code: 422, reason: "Invalid" },
      );
      const details = status["details"] as { name?: string; kind?: string; causes?: { reason?: string; field?: string; message?: string }[] };
      assert.equal(details.name, "Bad_Name");
      assert.equal(details.kind, "ConfigMap");
      assert.equal(details.causes?.[0]?.reason, "FieldValueInvalid");
      assert.equal(details.causes?.[0]?.field, "metadata.name");
      assert.match(details.causes?.[0]?.message ?? "", /^Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain/);
    });
  });

  test("a namespace name that is not a DNS label gets 422", async () => {
    await changesNothing(() =>
      kubectlFails(["create", "-f", "-"], {
        stdin: manifest({ apiVersion: "v1", kind: "Namespace", metadata: { name: "bad.name" } }),
        stderr: /The Namespace "bad\.name" is invalid: metadata\.name: Invalid value: "bad\.name": a lowercase RFC 1123 label must consist of/,
      }),
    );
  });

  const template = (labels: Record<string, string>, containers: object[]) => ({ metadata: { labels }, spec: { containers } });
  const invalidObjects: readonly { what: string; object: object; expected: RegExp }[] = [
    {
      what: "an invalid label value",
      object: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "bad-label", namespace: NS, labels: { app: "-bad-" } } },
      expected: /The ConfigMap "bad-label" is invalid: metadata\.labels: Invalid value: "-bad-"/,
    },
    {
      what: "a deployment whose selector does not match its template",
      object: {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: "mismatch", namespace: NS },
        spec: { selector: { matchLabels: { app: "a" } }, template: template({ app: "b" }, [{ name: "c", image: "nginx" }]) },
      },
      expected: /The Deployment "mismatch" is invalid: spec\.template\.metadata\.labels: Invalid value: .*`selector` does not match template `labels`/,
    },
    {
      what: "a deployment without containers",
      object: {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: "empty", namespace: NS },
        spec: { selector: { matchLabels: { app: "e" } }, template: template({ app: "e" }, []) },
      },
      expected: /The Deployment "empty" is invalid: spec\.template\.spec\.containers: Required value/,
    },
    {
      what: "a negative replica count",
      object: {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: "negative", namespace: NS },
        spec: { replicas: -1, selector: { matchLabels: { app: "n" } }, template: template({ app: "n" }, [{ name: "c", image: "nginx" }]) },
      },
      expected: /The Deployment "negative" is invalid: spec\.replicas: Invalid value: -1: must be greater than or equal to 0/,
    },
    {
      what: "the seed's service protocol http",
      object: {
        apiVersion: "v1",
        kind: "Service",
        metadata: { name: "seed-protocol", namespace: NS },
        spec: { selector: { app: "my-app" }, ports: [{ protocol: "http", port: 80, targetPort: 8080 }] },
      },
      expected: /The Service "seed-protocol" is invalid: spec\.ports\[0\]\.protocol: Unsupported value: "http": supported values: "SCTP", "TCP", "UDP"/,
    },
  ];

  for (const { what, object, expected } of invalidObjects) {
    test(`${what} gets 422 with the field in kubectl's message`, async () => {
      await changesNothing(() => kubectlFails(["create", "-f", "-"], { stdin: manifest(object), stderr: expected }));
    });
  }

  test("an unknown field is refused by kubectl apply's default strict validation", async () => {
    await changesNothing(() =>
      kubectlFails(["apply", "-f", "-"], {
        stdin: manifest({
          apiVersion: "apps/v1",
          kind: "Deployment",
          metadata: { name: "typo", namespace: NS },
          spec: { replicaz: 3, selector: { matchLabels: { app: "t" } }, template: template({ app: "t" }, [{ name: "c", image: "nginx" }]) },
        }),
        stderr: /unknown field "spec\.replicaz"/,
      }),
    );
  });

  test("a body over 3 MiB gets 413 RequestEntityTooLarge", async () => {
    const big = JSON.stringify({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "huge", namespace: NS }, data: { blob: "x".repeat(3.5 * 1024 * 1024) } });
    await changesNothing(async () => {
      await expectStatus({ method: "POST", path: CM_URL, headers: json, body: big, timeoutMs: 30_000 }, { code: 413, reason: "RequestEntityTooLarge" });
      await kubectlFails(["create", "-f", "-"], { stdin: big, stderr: /RequestEntityTooLarge|Request entity too large/ });
    });
    const readyz = await mini.kubectl(["get", "--raw", "/readyz"]);
    assert.equal(readyz.stdout.trim(), "ok");
  });

  test("a JSON patch whose test op fails gets a 4xx and leaves the object unchanged", async () => {
    await changesNothing(async () => {
      await kubectlFails(["patch", "configmap", "target", "-n", NS, "--type=json", "-p", '[{"op":"test","path":"/data/a","value":"nope"},{"op":"replace","path":"/data/a","value":"2"}]'], {
        stderr: /The request is invalid: .*test|Error from server.*test/,
      });
      const response = await mini.request({
        method: "PATCH",
        path: `${CM_URL}/target`,
        headers: { "Content-Type": "application/json-patch+json" },
        body: '[{"op":"test","path":"/data/a","value":"nope"},{"op":"replace","path":"/data/a","value":"2"}]',
      });
      assert.ok(response.status >= 400 && response.status < 500, `4xx, got ${response.status}: ${response.body}`);
      assert.equal(jsonOf(response)["kind"], "Status");
    });
  });

  test("a JSON patch that removes a missing path gets a 4xx and leaves the object unchanged", async () => {
    await changesNothing(async () => {
      await kubectlFails(["patch", "configmap", "target", "-n", NS, "--type=json", "-p", '[{"op":"add","path":"/data/b","value":"2"},{"op":"remove","path":"/data/missing"}]'], {
        stderr: /(The request is invalid|Error from server).*\/data\/missing/,
      });
    });
  });

  test("malformed patch bodies get 400 and a PATCH with a non-patch content type 415", async () => {
    await changesNothing(async () => {
      await expectStatus({ method: "PATCH", path: `${CM_URL}/target`, headers: { "Content-Type": "application/json-patch+json" }, body: '{"op":"add"}' }, { code: 400, reason: "BadRequest" });
      await expectStatus({ method: "PATCH", path: `${CM_URL}/target`, headers: { "Content-Type": "application/merge-patch+json" }, body: '{"data":' }, { code: 400, reason: "BadRequest" });
      await expectStatus({ method: "PATCH", path: `${CM_URL}/target`, headers: { "Content-Type": "application/strategic-merge-patch+json" }, body: "not json" }, { code: 400, reason: "BadRequest" });
      await expectStatus({ method: "PATCH", path: `${CM_URL}/target`, headers: json, body: '{"data":{"a":"2"}}' }, { code: 415, reason: "UnsupportedMediaType" });
    });
  });

  test("a patch that would make the object invalid gets 422", async () => {
    await changesNothing(() =>
      kubectlFails(["patch", "configmap", "target", "-n", NS, "--type=merge", "-p", '{"metadata":{"labels":{"bad key!":"x"}}}'], {
        stderr: /The ConfigMap "target" is invalid: metadata\.labels: Invalid value: "bad key!"/,
      }),
    );
  });

  test("changing a service's clusterIP is refused as immutable", async () => {
    await changesNothing(() =>
      kubectlFails(["patch", "svc", "steady", "-n", NS, "--type=merge", "-p", '{"spec":{"clusterIP":"10.96.123.123","clusterIPs":["10.96.123.123"]}}'], {
        // Upstream words it either way, depending on the field it checks first.
        stderr: /The Service "steady" is invalid: spec\.clusterIPs?(\[0\])?: Invalid value: .*(field is immutable|may not change once set)/,
      }),
    );
  });

  test("changing a deployment's selector is refused as immutable", async () => {
    await changesNothing(() =>
      kubectlFails(["patch", "deploy", "steady", "-n", NS, "--type=merge", "-p", '{"spec":{"selector":{"matchLabels":{"app":"other"}},"template":{"metadata":{"labels":{"app":"other"}}}}}'], {
        stderr: /The Deployment "steady" is invalid: spec\.selector: Invalid value: .*field is immutable/,
      }),
    );
  });

  test("a raw POST with Content-Type text/plain gets 415 UnsupportedMediaType", async () => {
    await changesNothing(async () => {
      await expectStatus(
        { method: "POST", path: CM_URL, headers: { "Content-Type": "text/plain" }, body: JSON.stringify({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "plain" } }) },
        { code: 415, reason: "UnsupportedMediaType" },
      );
    });
  });

  test("creating into a missing namespace is NotFound naming the namespace", async () => {
    await changesNothing(async () => {
      await kubectlFails(["create", "-f", "-"], {
        stdin: manifest({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "orphan", namespace: "no-such-ns" } }),
        stderr: /Error from server \(NotFound\): error when creating "STDIN": namespaces "no-such-ns" not found/,
      });
      await kubectlFails(["apply", "-f", "-"], {
        stdin: manifest({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "orphan", namespace: "no-such-ns" } }),
        stderr: /namespaces "no-such-ns" not found/,
      });
      const status = await expectStatus(
        { method: "POST", path: "/api/v1/namespaces/no-such-ns/configmaps", headers: json, body: JSON.stringify({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "orphan" } }) },
        { code: 404, reason: "NotFound" },
      );
      assert.equal(status["message"], 'namespaces "no-such-ns" not found');
      assert.deepEqual(status["details"], { name: "no-such-ns", kind: "namespaces" });
    });
  });

  test("creating an object twice is AlreadyExists", async () => {
    await changesNothing(async () => {
      await kubectlFails(["create", "-f", "-"], {
        stdin: manifest({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "target", namespace: NS }, data: { a: "other" } }),
        stderr: /Error from server \(AlreadyExists\): error when creating "STDIN": configmaps "target" already exists/,
      });
      const status = await expectStatus(
        { method: "POST", path: CM_URL, headers: json, body: JSON.stringify({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "target" } }) },
        { code: 409, reason: "AlreadyExists" },
      );
      assert.deepEqual(status["details"], { name: "target", kind: "configmaps" });
    });
  });

  test("a body whose name or namespace contradicts the URL gets 400", async () => {
    const current = jsonOf(await mini.request({ path: `${CM_URL}/target` }));
    const meta = current["metadata"] as Record<string, unknown>;
    await changesNothing(async () => {
      await expectStatus(
        { method: "PUT", path: `${CM_URL}/target`, headers: json, body: JSON.stringify({ ...current, metadata: { ...meta, name: "other" } }) },
        { code: 400, reason: "BadRequest" },
      );
      await expectStatus(
        { method: "PUT", path: `${CM_URL}/target`, headers: json, body: JSON.stringify({ ...current, metadata: { ...meta, namespace: "default" } }) },
        { code: 400, reason: "BadRequest" },
      );
      await expectStatus(
        { method: "POST", path: CM_URL, headers: json, body: JSON.stringify({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x", namespace: "default" } }) },
        { code: 400, reason: "BadRequest" },
      );
      await expectStatus(
        { method: "POST", path: CM_URL, headers: json, body: JSON.stringify({ apiVersion: "v1", kind: "Secret", metadata: { name: "x" } }) },
        { code: 400, reason: "BadRequest" },
      );
    });
  });

  test("a list at a resourceVersion from the future gets 504 with Retry-After, as kube-apiserver answers", async () => {
    const response = await mini.request({ path: `${CM_URL}?resourceVersion=999999999&resourceVersionMatch=NotOlderThan` });
    assert.equal(response.status, 504, response.body);
    assert.match(String(jsonOf(response)["message"]), /^Too large resource version: 999999999, current: \d+$/);
    assert.equal(response.headers["retry-after"], "1");
  });

  test("an unparsable label selector gets 400", async () => {
    await changesNothing(async () => {
      await kubectlFails(["get", "configmaps", "-n", NS, "-l", "app in (x"], { stderr: /BadRequest|unable to parse|unexpected/i });
      await expectStatus({ path: `${CM_URL}?labelSelector=${encodeURIComponent("app in (x")}` }, { code: 400, reason: "BadRequest" });
    });
  });

  test("a delete whose uid precondition does not match gets 409 Conflict", async () => {
    await changesNothing(async () => {
      const status = await expectStatus(
        {
          method: "DELETE",
          path: `${CM_URL}/target`,
          headers: json,
          body: JSON.stringify({ apiVersion: "v1", kind: "DeleteOptions", preconditions: { uid: "00000000-0000-0000-0000-000000000000" } }),
        },
        { code: 409, reason: "Conflict" },
      );
      assert.match(String(status["message"]), /Precondition failed: UID in precondition: 00000000-0000-0000-0000-000000000000/);
    });
  });
});

test("after all the bad input the server is still up and serving", async () => {
  assert.ok(mini.running(), `mini exited; its output:\n${mini.output()}`);
  const { stdout } = await mini.kubectl(["get", "configmap", "target", "-n", NS, "-o", "jsonpath={.data.a}"]);
  assert.equal(stdout, "1");
  assert.doesNotMatch(mini.output(), /TypeError|ReferenceError|Unhandled|uncaught/i, "no crash traces in the server log");
});
