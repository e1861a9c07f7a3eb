/**
 * The user story of issue 2 as ordered steps, run by e2e/user-story.test.ts once per kubectl
 * version. Each step is one test; later steps build on earlier ones.
 */
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fixturePath, jsonOf, parseTable, parseTables, waitUntil, type Mini } from "./harness.js";

export interface Step {
  readonly name: string;
  run(mini: Mini): Promise<void>;
}

const NS = "my-project-dev";
const SEED = fixturePath("seed-app.yaml");

/** Output lines, trimmed, without blanks. */
function linesOf(text: string): string[] {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "");
}

/** kubectl 1.33 says `deleted from <ns> namespace` for namespaced objects; older ones just `deleted`. */
function deletedLine(resource: string, name: string, namespace?: string): RegExp {
  const from = namespace === undefined ? "" : `( from ${namespace} namespace)?`;
  return new RegExp(`^${resource.replace(".", "\\.")} "${name}" deleted${from}$`);
}

async function withReplicas(replicas: number, body: (file: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "mini-e2e-seed-"));
  try {
    const original = await readFile(SEED, "utf8");
    const changed = original.replace(/^(\s+)replicas: 3$/m, `$1replicas: ${replicas}`);
    assert.notEqual(changed, original, "the fixture has a `replicas: 3` line to change");
    const file = join(dir, "seed-app.yaml");
    await writeFile(file, changed);
    await body(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export const userStory: readonly Step[] = [
  {
    name: "kubectl apply -f seed-app.yaml creates the namespace, the deployment and the service",
    async run(mini) {
      const result = await mini.kubectl(["apply", "-f", SEED]);
      assert.deepEqual(linesOf(result.stdout), [
        `namespace/${NS} created`,
        "deployment.apps/my-app-deployment created",
        "service/my-app-service created",
      ]);
    },
  },
  {
    name: "kubectl get ns,deploy,svc -A shows the three objects with their columns",
    async run(mini) {
      const result = await mini.kubectl(["get", "ns,deploy,svc", "-A"]);
      const tables = parseTables(result.stdout);
      const rowNamed = (name: string) => {
        for (const table of tables) {
          const row = table.rows.find((candidate) => candidate["NAME"] === name);
          if (row !== undefined) return { table, row };
        }
        assert.fail(`no row named ${name} in:\n${result.stdout}`);
      };

      const ns = rowNamed(`namespace/${NS}`);
      assert.equal(ns.row["STATUS"], "Active");
      assert.match(ns.row["AGE"] ?? "", /^\d+[smhd]/);

      const deploy = rowNamed("deployment.apps/my-app-deployment");
      assert.deepEqual(deploy.table.headers, ["NAMESPACE", "NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"]);
      assert.equal(deploy.row["NAMESPACE"], NS);
      assert.match(deploy.row["READY"] ?? "", /^\d+\/3$/);

      const svc = rowNamed("service/my-app-service");
      assert.deepEqual(svc.table.headers, ["NAMESPACE", "NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"]);
      assert.equal(svc.row["NAMESPACE"], NS);
      assert.equal(svc.row["TYPE"], "ClusterIP");
      assert.equal(svc.row["EXTERNAL-IP"], "<none>");
      assert.equal(svc.row["PORT(S)"], "80/TCP");
      assert.match(svc.row["CLUSTER-IP"] ?? "", /^\d{1,3}(\.\d{1,3}){3}$/, "a ClusterIP service gets a cluster IP");
    },
  },
  {
    name: "kubectl get deploy -o wide prints the wide columns of the deployment",
    async run(mini) {
      const result = await mini.kubectl(["get", "deploy", "-n", NS, "-o", "wide"]);
      const table = parseTable(result.stdout);
      assert.deepEqual(table.headers, ["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE", "CONTAINERS", "IMAGES", "SELECTOR"]);
      assert.equal(table.rows.length, 1, result.stdout);
      const row = table.rows[0] ?? {};
      assert.equal(row["NAME"], "my-app-deployment");
      assert.match(row["READY"] ?? "", /^\d+\/3$/);
      assert.match(row["UP-TO-DATE"] ?? "", /^\d+$/);
      assert.match(row["AVAILABLE"] ?? "", /^\d+$/);
      assert.match(row["AGE"] ?? "", /^\d+[smhd]/);
      assert.equal(row["CONTAINERS"], "echo-container");
      assert.equal(row["IMAGES"], "k8s.gcr.io/echoserver:1.4");
      assert.equal(row["SELECTOR"], "app=my-app");
    },
  },
  {
    name: "kubectl describe deploy shows replicas, selector, strategy and the pod template",
    async run(mini) {
      const { stdout } = await mini.kubectl(["describe", "deploy", "my-app-deployment", "-n", NS]);
      assert.match(stdout, /^Name:\s+my-app-deployment$/m);
      assert.match(stdout, new RegExp(`^Namespace:\\s+${NS}$`, "m"));
      assert.match(stdout, /^CreationTimestamp:\s+\S.*\d{4}/m);
      assert.match(stdout, /^Selector:\s+app=my-app$/m);
      assert.match(stdout, /^Replicas:\s+3 desired \| \d+ updated \| \d+ total \| \d+ available \| \d+ unavailable$/m);
      // Defaults as upstream applies them.
      assert.match(stdout, /^StrategyType:\s+RollingUpdate$/m);
      assert.match(stdout, /^RollingUpdateStrategy:\s+25% max unavailable, 25% max surge$/m);
      assert.match(stdout, /^Pod Template:$/m);
      assert.match(stdout, /^\s+Labels:\s+app=my-app$/m);
      assert.match(stdout, /^\s+echo-container:$/m);
      assert.match(stdout, /^\s+Image:\s+k8s\.gcr\.io\/echoserver:1\.4$/m);
      assert.match(stdout, /^\s+Port:\s+8080\/TCP$/m, "containerPort defaults its protocol to TCP");
    },
  },
  {
    name: "applying seed-app.yaml again reports every object unchanged",
    async run(mini) {
      // Not the resourceVersion: a controller may write the deployment's status meanwhile.
      const path = `/apis/apps/v1/namespaces/${NS}/deployments/my-app-deployment`;
      const before = jsonOf(await mini.request({ path }));
      const result = await mini.kubectl(["apply", "-f", SEED]);
      assert.deepEqual(linesOf(result.stdout), [
        `namespace/${NS} unchanged`,
        "deployment.apps/my-app-deployment unchanged",
        "service/my-app-service unchanged",
      ]);
      const after = jsonOf(await mini.request({ path }));
      assert.deepEqual(after["spec"], before["spec"], "an unchanged apply leaves the spec");
      assert.deepEqual(
        (after["metadata"] as { generation?: number }).generation,
        (before["metadata"] as { generation?: number }).generation,
      );
    },
  },
  {
    name: "applying with replicas 5 reports the deployment configured and stores 5 replicas",
    async run(mini) {
      await withReplicas(5, async (file) => {
        const result = await mini.kubectl(["apply", "-f", file]);
        assert.deepEqual(linesOf(result.stdout), [
          `namespace/${NS} unchanged`,
          "deployment.apps/my-app-deployment configured",
          "service/my-app-service unchanged",
        ]);
      });
      const replicas = await mini.kubectl(["get", "deploy", "my-app-deployment", "-n", NS, "-o", "jsonpath={.spec.replicas}"]);
      assert.equal(replicas.stdout, "5");
      const generation = await mini.kubectl(["get", "deploy", "my-app-deployment", "-n", NS, "-o", "jsonpath={.metadata.generation}"]);
      assert.equal(generation.stdout, "2", "a spec change bumps the generation once");
      const applied = await mini.kubectl([
        "get", "deploy", "my-app-deployment", "-n", NS,
        "-o", "jsonpath={.metadata.annotations.kubectl\\.kubernetes\\.io/last-applied-configuration}",
      ]);
      const lastApplied = JSON.parse(applied.stdout) as { spec?: { replicas?: number } };
      assert.equal(lastApplied.spec?.replicas, 5, "the last-applied-configuration annotation follows the apply");
    },
  },
  {
    name: "kubectl delete -f seed-app.yaml deletes all three and the namespace goes away",
    async run(mini) {
      const result = await mini.kubectl(["delete", "-f", SEED], { timeoutMs: 60_000 });
      const lines = linesOf(result.stdout);
      assert.equal(lines.length, 3, result.stdout);
      assert.match(lines[0] ?? "", deletedLine("namespace", NS));
      assert.match(lines[1] ?? "", deletedLine("deployment.apps", "my-app-deployment", NS));
      assert.match(lines[2] ?? "", deletedLine("service", "my-app-service", NS));
      // Namespace deletion is asynchronous (Terminating first), so allow it some seconds.
      await waitUntil(
        `namespace ${NS} to be gone`,
        async () => ((await mini.request({ path: `/api/v1/namespaces/${NS}` })).status === 404 ? true : undefined),
        { intervalMs: 50 },
      );
      const gone = await mini.kubectl(["get", "ns", NS], { allowFail: true });
      assert.equal(gone.code, 1);
      assert.match(gone.stderr, new RegExp(`Error from server \\(NotFound\\): namespaces "${NS}" not found`));
      const deploys = await mini.kubectl(["get", "deploy,svc", "-n", NS, "-o", "name"], { allowFail: true });
      assert.equal(deploys.stdout, "", "nothing of the namespace is left");
    },
  },
];
