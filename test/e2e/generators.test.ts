/**
 * kubectl's `create <kind>` generators, run with an older and a newer kubectl
 * than the suite's default (1.27 sends JSON, 1.33 protobuf), each against
 * its own namespace of one mini, and every object they made read back and
 * checked field by field. kubectl 1.32 runs these through user-story.test.ts.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { apiGet, gcloudKubectl, requireKubectl, runProcess, startMini, type Mini } from "../harness.js";

let mini: Mini;
before(async () => {
  mini = await startMini();
});
after(async () => {
  await mini?.dispose();
});

type JsonObject = Record<string, any>;

interface GeneratorCase {
  readonly what: string;
  /** Arguments after `kubectl create`; `NS` is the version's namespace, `V` its minor version. */
  readonly args: readonly string[];
  /** Where the object is read back, or absent when the command prints what it made. */
  readonly path?: string;
  readonly check: (object: JsonObject, output: string) => void;
}

const CASES: readonly GeneratorCase[] = [
  { what: "namespace", args: ["namespace", "NS"], path: "/api/v1/namespaces/NS", check: (o) => assert.equal(o.status.phase, "Active") },
  {
    what: "deployment",
    args: ["deployment", "web", "-n", "NS", "--image=nginx:1.27", "--replicas=2", "--port=80"],
    path: "/apis/apps/v1/namespaces/NS/deployments/web",
    check: (o) => {
      assert.equal(o.spec.replicas, 2);
      assert.deepEqual(o.spec.selector, { matchLabels: { app: "web" } });
      const [container] = o.spec.template.spec.containers;
      assert.deepEqual([container.name, container.image, container.ports], ["nginx", "nginx:1.27", [{ containerPort: 80, protocol: "TCP" }]]);
    },
  },
  {
    what: "configmap --from-literal",
    args: ["configmap", "settings", "-n", "NS", "--from-literal=mode=fast", "--from-literal=level=3"],
    path: "/api/v1/namespaces/NS/configmaps/settings",
    check: (o) => assert.deepEqual(o.data, { level: "3", mode: "fast" }),
  },
  {
    what: "secret generic",
    args: ["secret", "generic", "creds", "-n", "NS", "--from-literal=user=admin", "--type=example.com/login"],
    path: "/api/v1/namespaces/NS/secrets/creds",
    check: (o) => {
      assert.deepEqual(o.data, { user: Buffer.from("admin").toString("base64") });
      assert.equal(o.type, "example.com/login");
    },
  },
  {
    what: "job",
    args: ["job", "once", "-n", "NS", "--image=busybox", "--", "echo", "hi"],
    path: "/apis/batch/v1/namespaces/NS/jobs/once",
    check: (o) => {
      assert.deepEqual(o.spec.template.spec.containers[0].command, ["echo", "hi"]);
      assert.equal(o.spec.template.spec.restartPolicy, "Never");
      assert.equal(o.spec.completions, 1);
    },
  },
  {
    what: "cronjob",
    args: ["cronjob", "tick", "-n", "NS", "--image=busybox", "--schedule=*/5 * * * *", "--", "date"],
    path: "/apis/batch/v1/namespaces/NS/cronjobs/tick",
    check: (o) => {
      assert.equal(o.spec.schedule, "*/5 * * * *");
      assert.equal(o.spec.concurrencyPolicy, "Allow");
      assert.deepEqual(o.spec.jobTemplate.spec.template.spec.containers[0].command, ["date"]);
      assert.equal(o.spec.jobTemplate.spec.template.spec.restartPolicy, "OnFailure");
    },
  },
  { what: "serviceaccount", args: ["serviceaccount", "bot", "-n", "NS"], path: "/api/v1/namespaces/NS/serviceaccounts/bot", check: (o) => assert.equal(o.metadata.name, "bot") },
  {
    what: "service clusterip",
    args: ["service", "clusterip", "api", "-n", "NS", "--tcp=80:8080"],
    path: "/api/v1/namespaces/NS/services/api",
    check: (o) => {
      assert.equal(o.spec.type, "ClusterIP");
      assert.match(o.spec.clusterIP, /^\d+\.\d+\.\d+\.\d+$/);
      assert.deepEqual(o.spec.selector, { app: "api" });
      assert.deepEqual(o.spec.ports, [{ name: "80-8080", port: 80, protocol: "TCP", targetPort: 8080 }]);
    },
  },
  {
    what: "role",
    args: ["role", "reader", "-n", "NS", "--verb=get,list", "--resource=pods,deployments.apps"],
    path: "/apis/rbac.authorization.k8s.io/v1/namespaces/NS/roles/reader",
    check: (o) =>
      assert.deepEqual(o.rules, [
        { apiGroups: [""], resources: ["pods"], verbs: ["get", "list"] },
        { apiGroups: ["apps"], resources: ["deployments"], verbs: ["get", "list"] },
      ]),
  },
  {
    what: "rolebinding",
    args: ["rolebinding", "reader-bot", "-n", "NS", "--role=reader", "--serviceaccount=NS:bot", "--user=alice"],
    path: "/apis/rbac.authorization.k8s.io/v1/namespaces/NS/rolebindings/reader-bot",
    check: (o) => {
      assert.deepEqual(o.roleRef, { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "reader" });
      assert.deepEqual(
        o.subjects.map((s: JsonObject) => [s.kind, s.name, s.namespace]),
        [
          ["User", "alice", undefined],
          ["ServiceAccount", "bot", o.metadata.namespace],
        ],
      );
    },
  },
  {
    what: "clusterrole",
    args: ["clusterrole", "NS-viewer", "--verb=get", "--resource=nodes", "--non-resource-url=/logs/*"],
    path: "/apis/rbac.authorization.k8s.io/v1/clusterroles/NS-viewer",
    check: (o) =>
      assert.deepEqual(o.rules, [
        { apiGroups: [""], resources: ["nodes"], verbs: ["get"] },
        { nonResourceURLs: ["/logs/*"], verbs: ["get"] },
      ]),
  },
  {
    what: "clusterrolebinding",
    args: ["clusterrolebinding", "NS-viewer", "--clusterrole=NS-viewer", "--group=ops"],
    path: "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/NS-viewer",
    check: (o) => {
      assert.deepEqual(o.roleRef, { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: o.metadata.name });
      assert.deepEqual(o.subjects, [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: "ops" }]);
    },
  },
  {
    what: "quota",
    args: ["quota", "limits", "-n", "NS", "--hard=pods=10,requests.cpu=2", "--scopes=NotBestEffort"],
    path: "/api/v1/namespaces/NS/resourcequotas/limits",
    check: (o) => {
      assert.deepEqual(o.spec.hard, { pods: "10", "requests.cpu": "2" });
      assert.deepEqual(o.spec.scopes, ["NotBestEffort"]);
    },
  },
  {
    what: "priorityclass",
    args: ["priorityclass", "NS-high", "--value=1000", "--description=important work", "--preemption-policy=Never"],
    path: "/apis/scheduling.k8s.io/v1/priorityclasses/NS-high",
    check: (o) => assert.deepEqual([o.value, o.description, o.preemptionPolicy, o.globalDefault ?? false], [1000, "important work", "Never", false]),
  },
  {
    what: "pdb",
    args: ["pdb", "web", "-n", "NS", "--selector=app=web", "--min-available=50%"],
    path: "/apis/policy/v1/namespaces/NS/poddisruptionbudgets/web",
    check: (o) => assert.deepEqual([o.spec.minAvailable, o.spec.selector], ["50%", { matchLabels: { app: "web" } }]),
  },
  {
    what: "ingress",
    args: ["ingress", "web", "-n", "NS", "--rule=example.com/api*=api:80,tls=example-tls", "--class=nginx"],
    path: "/apis/networking.k8s.io/v1/namespaces/NS/ingresses/web",
    check: (o) => {
      assert.equal(o.spec.ingressClassName, "nginx");
      assert.deepEqual(o.spec.tls, [{ hosts: ["example.com"], secretName: "example-tls" }]);
      const [rule] = o.spec.rules;
      assert.equal(rule.host, "example.com");
      assert.deepEqual(rule.http.paths, [{ path: "/api", pathType: "Prefix", backend: { service: { name: "api", port: { number: 80 } } } }]);
    },
  },
  {
    what: "token",
    args: ["token", "bot", "-n", "NS", "--duration=20m"],
    check: (_o, output) => {
      const claims = JSON.parse(Buffer.from(output.trim().split(".")[1] ?? "", "base64url").toString("utf8")) as JsonObject;
      assert.match(claims.sub, /^system:serviceaccount:gen-1-\d+:bot$/);
      assert.equal(claims.exp - claims.iat, 1200);
    },
  },
];

for (const minor of [27, 33]) {
  describe(`kubectl 1.${minor} create generators`, () => {
    const namespace = `gen-1-${minor}`;
    const fill = (text: string) => text.replaceAll("NS", namespace);
    const kubectl = gcloudKubectl(minor);
    before(async () => {
      await requireKubectl(kubectl);
    });
    for (const generator of CASES) {
      test(`kubectl 1.${minor} create ${generator.what}`, async () => {
        const invocation = mini.kubectlInvocation(["create", ...generator.args.map(fill)]);
        const result = await runProcess(kubectl, invocation.args, { env: invocation.env });
        assert.equal(result.code, 0, `kubectl 1.${minor} create ${generator.what}: ${result.stderr}`);
        const object = generator.path ? await apiGet<JsonObject>(mini, fill(generator.path)) : {};
        generator.check(object, result.stdout);
      });
    }
  });
}
