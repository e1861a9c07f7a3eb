/**
 * The /etc/hosts a pod on the pod network gets, as upstream's kubelet
 * writes it (`<pod dir>/etc-hosts`, bind-mounted into each container):
 * loopback entries, the pod's own IP under its hostname (and FQDN with a
 * subdomain), then spec.hostAliases.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { KubeObject } from "../apis/types.js";
import type { PodSpec } from "../apis/common/pod-types.js";

export function hostsFileContent(pod: KubeObject, podIP: string, clusterDomain: string): string {
  const spec = (pod.spec ?? {}) as PodSpec;
  const hostname = spec.hostname ?? pod.metadata.name ?? "";
  const lines = [
    "# Kubernetes-managed hosts file.",
    "127.0.0.1\tlocalhost",
    "::1\tlocalhost ip6-localhost ip6-loopback",
    "fe00::0\tip6-localnet",
    "fe00::0\tip6-mcastprefix",
    "fe00::1\tip6-allnodes",
    "fe00::2\tip6-allrouters",
  ];
  if (podIP) {
    const fqdn = spec.subdomain ? `${hostname}.${spec.subdomain}.${pod.metadata.namespace ?? ""}.svc.${clusterDomain}\t` : "";
    lines.push(`${podIP}\t${fqdn}${hostname}`);
  }
  const aliases = spec.hostAliases ?? [];
  if (aliases.length > 0) {
    lines.push("", "# Entries added by HostAliases.");
    for (const alias of aliases) lines.push(`${alias.ip ?? ""}\t${(alias.hostnames ?? []).join("\t")}`);
  }
  return `${lines.join("\n")}\n`;
}

/** Writes the pod's hosts file; returns its path. */
export async function writeHostsFile(podDir: string, pod: KubeObject, podIP: string, clusterDomain: string): Promise<string> {
  await mkdir(podDir, { recursive: true });
  const path = join(podDir, "etc-hosts");
  const content = hostsFileContent(pod, podIP, clusterDomain);
  // Rewritten only on a change: containers read it through a bind mount, and a rewrite truncates first.
  if ((await readFile(path, "utf8").catch(() => undefined)) !== content) await writeFile(path, content, { mode: 0o644 });
  return path;
}
