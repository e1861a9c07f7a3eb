/**
 * Records the fixtures of ../kubectl.test.ts: what the real kubectl sends.
 *
 *   node --import tsx src/api/protobuf/testdata/record.ts [out-dir] [kubectl]
 *
 * Defaults: this folder and /usr/bin/kubectl. For each case it runs
 * `kubectl create …` against a loopback recorder that serves just enough
 * discovery, keeps the POST body as <name>.bin, and keeps
 * `kubectl create … --dry-run=client -o json` as <name>.json. A case with a
 * written-down `expected` (kubectl cannot dry-run it) stores that instead.
 *
 * The recorder answers each POST with the decoded object, so a run also shows
 * whether the decoder accepts every body: kubectl prints "… created" (or, for
 * `create token`, that no token came back; its body is recorded all the same).
 * A POST that is not protobuf gets 415 and fails its case: kubectl 1.31 and
 * older send JSON here, so record with 1.32 or newer.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeKubernetesProtobuf, PROTOBUF_CONTENT_TYPE } from "../index.js";
import { kubectlCases, type KubectlCase } from "./cases.js";

interface Resource {
  readonly name: string;
  readonly kind: string;
  readonly namespaced: boolean;
  /** For subresources whose body is another group's kind (serviceaccounts/token). */
  readonly group?: string;
  readonly version?: string;
}

/** The resources kubectl's generators look up, by group version. */
const discovery: Readonly<Record<string, readonly Resource[]>> = {
  v1: [
    { name: "namespaces", kind: "Namespace", namespaced: false },
    { name: "nodes", kind: "Node", namespaced: false },
    { name: "pods", kind: "Pod", namespaced: true },
    { name: "configmaps", kind: "ConfigMap", namespaced: true },
    { name: "secrets", kind: "Secret", namespaced: true },
    { name: "serviceaccounts", kind: "ServiceAccount", namespaced: true },
    { name: "serviceaccounts/token", kind: "TokenRequest", namespaced: true, group: "authentication.k8s.io", version: "v1" },
    { name: "services", kind: "Service", namespaced: true },
    { name: "resourcequotas", kind: "ResourceQuota", namespaced: true },
  ],
  "apps/v1": [{ name: "deployments", kind: "Deployment", namespaced: true }],
  "batch/v1": [
    { name: "jobs", kind: "Job", namespaced: true },
    { name: "cronjobs", kind: "CronJob", namespaced: true },
  ],
  "rbac.authorization.k8s.io/v1": [
    { name: "roles", kind: "Role", namespaced: true },
    { name: "rolebindings", kind: "RoleBinding", namespaced: true },
    { name: "clusterroles", kind: "ClusterRole", namespaced: false },
    { name: "clusterrolebindings", kind: "ClusterRoleBinding", namespaced: false },
  ],
  "policy/v1": [{ name: "poddisruptionbudgets", kind: "PodDisruptionBudget", namespaced: true }],
  "networking.k8s.io/v1": [{ name: "ingresses", kind: "Ingress", namespaced: true }],
  "scheduling.k8s.io/v1": [{ name: "priorityclasses", kind: "PriorityClass", namespaced: false }],
};

function discoveryDocument(path: string): unknown {
  if (path === "/version") return { major: "1", minor: "32", gitVersion: "v1.32.4" };
  if (path === "/api") return { kind: "APIVersions", versions: ["v1"], serverAddressByClientCIDRs: [] };
  const groups = Object.keys(discovery).filter((groupVersion) => groupVersion.includes("/"));
  if (path === "/apis") {
    const list = groups.map((groupVersion) => {
      const [name, version] = groupVersion.split("/");
      const preferred = { groupVersion, version };
      return { name, versions: [preferred], preferredVersion: preferred };
    });
    return { kind: "APIGroupList", apiVersion: "v1", groups: list };
  }
  const groupVersion = path === "/api/v1" ? "v1" : path.replace(/^\/apis\//, "");
  const resources = discovery[groupVersion];
  if (resources === undefined) return undefined;
  return {
    kind: "APIResourceList",
    apiVersion: "v1",
    groupVersion,
    resources: resources.map(({ name, kind, namespaced, group, version }) => ({
      name,
      singularName: name.includes("/") ? "" : kind.toLowerCase(),
      namespaced,
      kind,
      ...(group === undefined ? {} : { group, version }),
      verbs: name.includes("/") ? ["create"] : ["create", "delete", "get", "list", "patch", "update", "watch"],
    })),
  };
}

interface Post {
  readonly contentType: string;
  readonly body: Buffer;
}

interface Recorder {
  readonly url: string;
  /** Answers GETs of these paths with these documents (besides discovery), until the next call. */
  serve(documents: Readonly<Record<string, unknown>>): void;
  /** The POSTs since the last call, oldest first. */
  take(): Post[];
  close(): Promise<void>;
}

async function startRecorder(): Promise<Recorder> {
  let posts: Post[] = [];
  let served: Readonly<Record<string, unknown>> = {};
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const path = new URL(request.url ?? "/", "http://recorder").pathname;
      if (request.method === "POST") {
        const body = Buffer.concat(chunks);
        const contentType = request.headers["content-type"] ?? "";
        posts.push({ contentType, body });
        // Like a server without JSON decoding: older kubectl versions post JSON, and those bodies are no fixtures.
        if (contentType !== PROTOBUF_CONTENT_TYPE) return send(response, 415, { kind: "Status", apiVersion: "v1", status: "Failure", code: 415 });
        const decoded = decodeKubernetesProtobuf(body);
        if (decoded.ok) return send(response, 201, decoded.value);
        return send(response, 400, { kind: "Status", apiVersion: "v1", status: "Failure", message: decoded.error, code: 400 });
      }
      const document = request.method === "GET" ? (served[path] ?? discoveryDocument(path)) : undefined;
      if (document !== undefined) return send(response, 200, document);
      send(response, 404, { kind: "Status", apiVersion: "v1", status: "Failure", reason: "NotFound", code: 404 });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    serve: (documents) => {
      served = documents;
    },
    take: () => {
      const taken = posts;
      posts = [];
      return taken;
    },
    close: () => new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

function send(response: ServerResponse, code: number, body: unknown): void {
  response.writeHead(code, { "content-type": "application/json" });
  response.end(JSON.stringify(body));
}

function kubectl(binary: string, args: readonly string[], home: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const env = { PATH: process.env["PATH"] ?? "", HOME: home };
    execFile(binary, args, { env, timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === "number" ? error.code : 1, stdout, stderr });
    });
  });
}

interface Session {
  readonly recorder: Recorder;
  readonly binary: string;
  /** HOME for kubectl: no kubeconfig, and a cache no other run shares. */
  readonly home: string;
  readonly outDir: string;
}

/** Records one case's fixtures; returns what went wrong, if anything. */
async function recordCase({ name, args, expected, serves = {} }: KubectlCase, session: Session): Promise<string | undefined> {
  const { recorder, binary, home, outDir } = session;
  const documents = Object.entries(serves).map(([path, file]) => [path, JSON.parse(readFileSync(join(__dirname, file), "utf8"))]);
  recorder.serve(Object.fromEntries(documents));
  // A fresh cache per command: discovery from one run must not leak into the next.
  const common = ["--server", recorder.url, "--cache-dir", join(home, `cache-${name}`), "create", ...args];
  const created = await kubectl(binary, common, home);
  const posts = recorder.take();
  const [post] = posts;
  if (post === undefined || posts.length > 1 || post.contentType !== PROTOBUF_CONTENT_TYPE) {
    const seen = posts.map(({ contentType }) => contentType).join(", ");
    return `expected one ${PROTOBUF_CONTENT_TYPE} POST, got [${seen}]\n${created.stderr}`;
  }
  let json = expected;
  if (json === undefined) {
    // Flags must come before a `--` that starts the container's command.
    const end = common.includes("--") ? common.indexOf("--") : common.length;
    const dryRun = await kubectl(binary, [...common.slice(0, end), "--dry-run=client", "-o", "json", ...common.slice(end)], home);
    if (dryRun.code !== 0) return `dry run failed\n${dryRun.stderr}`;
    json = JSON.parse(dryRun.stdout);
  }
  writeFileSync(join(outDir, `${name}.bin`), post.body);
  writeFileSync(join(outDir, `${name}.json`), `${JSON.stringify(json, null, 2)}\n`);
  console.log(`${name}: ${post.body.length} bytes; kubectl: ${(created.stdout || created.stderr).trim()}`);
  return undefined;
}

async function main(): Promise<void> {
  const outDir = process.argv[2] ?? __dirname;
  const binary = process.argv[3] ?? "/usr/bin/kubectl";
  const home = mkdtempSync(join(tmpdir(), "mini-pb-record-"));
  const recorder = await startRecorder();
  let failures = 0;
  try {
    for (const kubectlCase of kubectlCases) {
      const problem = await recordCase(kubectlCase, { recorder, binary, home, outDir });
      if (problem === undefined) continue;
      console.error(`${kubectlCase.name}: ${problem}`);
      failures++;
    }
  } finally {
    await recorder.close();
    rmSync(home, { recursive: true, force: true });
  }
  process.exitCode = failures === 0 ? 0 : 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
