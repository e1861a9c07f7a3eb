/**
 * `<dataDir>/kubeconfig`: the admin credentials in the form kubectl reads,
 * with cluster, user and context all named `mini`.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { writeFileAtomic } from "./files.js";
import { attempt } from "./result.js";
import type { Pki, PkiResult } from "./types.js";

const NAME = "mini";
/** It holds the admin key. */
const KUBECONFIG_MODE = 0o600;

export function kubeconfigPath(dataDir: string): string {
  return join(dataDir, "kubeconfig");
}

export interface KubeconfigOptions {
  /** The API server's address as clients reach it, e.g. `https://127.0.0.1:6443`. */
  readonly server: string;
  readonly pki: Pick<Pki, "ca" | "admin">;
}

/** Writes the kubeconfig (mode 0600) and returns its path. */
export function writeKubeconfig(dataDir: string, options: KubeconfigOptions): Promise<PkiResult<string>> {
  const path = kubeconfigPath(dataDir);
  return attempt(`Cannot write ${path}`, async () => {
    await writeFileAtomic(path, stringify(kubeconfig(options)), KUBECONFIG_MODE);
    return path;
  });
}

/** The server address recorded in the kubeconfig that `writeKubeconfig` wrote. */
export function readKubeconfigServer(dataDir: string): Promise<PkiResult<string>> {
  const path = kubeconfigPath(dataDir);
  return attempt(`Cannot read the server address from ${path}`, async () => {
    const config: unknown = parse(await readFile(path, "utf8"));
    const server = clusterServer(config);
    if (server === undefined) throw new Error(`no cluster named ${JSON.stringify(NAME)} with a server`);
    return server;
  });
}

function kubeconfig(options: KubeconfigOptions): object {
  return {
    apiVersion: "v1",
    kind: "Config",
    clusters: [
      { name: NAME, cluster: { server: options.server, "certificate-authority-data": base64(options.pki.ca.cert) } },
    ],
    users: [
      {
        name: NAME,
        user: {
          "client-certificate-data": base64(options.pki.admin.cert),
          "client-key-data": base64(options.pki.admin.key),
        },
      },
    ],
    contexts: [{ name: NAME, context: { cluster: NAME, user: NAME } }],
    "current-context": NAME,
    preferences: {},
  };
}

function clusterServer(config: unknown): string | undefined {
  if (!isRecord(config) || !Array.isArray(config["clusters"])) return undefined;
  for (const entry of config["clusters"]) {
    if (isRecord(entry) && entry["name"] === NAME && isRecord(entry["cluster"])) {
      const server = entry["cluster"]["server"];
      if (typeof server === "string") return server;
    }
  }
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function base64(pem: string): string {
  return Buffer.from(pem, "utf8").toString("base64");
}
