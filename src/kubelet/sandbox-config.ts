/**
 * The CRI sandbox configuration for a pod: its namespaces (pod network, or
 * the node's with hostNetwork), hostname, DNS, host ports, cgroup parent
 * and the labels that let a restarted kubelet recognise it.
 */
import type { KubeObject } from "../apis/types.js";
import type { Container, PodSpec } from "../apis/common/pod-types.js";
import { podLabels } from "./labels.js";
import type { NamespaceMode, PodSandboxConfig, PortMapping, Protocol } from "./runtime.js";

export interface ResolvConf {
  readonly servers: readonly string[];
  readonly searches: readonly string[];
  readonly options: readonly string[];
}

export interface DnsSettings {
  /** The node's own resolver configuration (`/etc/resolv.conf`). */
  readonly host: ResolvConf;
  /** The cluster DNS servers (KubeletConfiguration clusterDNS); empty when there is none. */
  readonly clusterDNS: readonly string[];
  /** @default "cluster.local" */
  readonly clusterDomain: string;
}

export interface SandboxSettings {
  readonly logDirectory: string;
  readonly dns: DnsSettings;
  readonly attempt: number;
}

/** Reads resolv.conf text into servers, search domains and options. */
export function parseResolvConf(text: string): ResolvConf {
  const servers: string[] = [];
  let searches: string[] = [];
  const options: string[] = [];
  for (const line of text.split("\n")) {
    const [keyword, ...rest] = line.replace(/[#;].*$/, "").trim().split(/\s+/);
    if (keyword === "nameserver" && rest[0]) servers.push(rest[0]);
    else if (keyword === "search" || keyword === "domain") searches = rest;
    else if (keyword === "options") options.push(...rest);
  }
  return { servers, searches, options };
}

/** The pod's resolver configuration for its dnsPolicy, with spec.dnsConfig merged in as upstream does. */
export function podDnsConfig(pod: KubeObject, dns: DnsSettings): ResolvConf {
  const spec = (pod.spec ?? {}) as PodSpec;
  const policy = spec.dnsPolicy ?? "ClusterFirst";
  const namespace = pod.metadata.namespace ?? "default";
  const clusterFirst = policy === "ClusterFirstWithHostNet" || (policy === "ClusterFirst" && spec.hostNetwork !== true);
  let base: ResolvConf;
  if (policy === "None") base = { servers: [], searches: [], options: [] };
  else if (clusterFirst && dns.clusterDNS.length > 0) {
    const domain = dns.clusterDomain;
    base = { servers: dns.clusterDNS, searches: [`${namespace}.svc.${domain}`, `svc.${domain}`, domain, ...dns.host.searches], options: ["ndots:5"] };
  } else base = dns.host; // Default, or ClusterFirst without a cluster DNS (upstream falls back likewise)
  const extra = spec.dnsConfig;
  if (!extra) return base;
  const options = new Map(base.options.map((o) => [o.split(":")[0] ?? o, o]));
  for (const option of extra.options ?? []) options.set(option.name ?? "", option.value === undefined ? option.name ?? "" : `${option.name ?? ""}:${option.value}`);
  return {
    servers: [...new Set([...base.servers, ...(extra.nameservers ?? [])])],
    searches: [...new Set([...base.searches, ...(extra.searches ?? [])])],
    options: [...options.values()],
  };
}

function allContainers(spec: PodSpec): Container[] {
  return [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
}

export function portMappings(spec: PodSpec): PortMapping[] {
  return allContainers(spec).flatMap((c) =>
    (c.ports ?? [])
      .filter((p) => (p.hostPort ?? 0) > 0)
      .map((p) => ({ protocol: (p.protocol ?? "TCP") as Protocol, containerPort: p.containerPort ?? 0, hostPort: p.hostPort ?? 0, hostIp: p.hostIP ?? "" })),
  );
}

export function namespaceOptions(spec: PodSpec): { network: NamespaceMode; pid: NamespaceMode; ipc: NamespaceMode } {
  return {
    network: spec.hostNetwork ? "NODE" : "POD",
    pid: spec.hostPID ? "NODE" : spec.shareProcessNamespace ? "POD" : "CONTAINER",
    ipc: spec.hostIPC ? "NODE" : "POD",
  };
}

/** The pod's cgroup under the cgroupfs driver, as the brief fixes it: every pod in its own. */
export function podCgroupParent(pod: KubeObject): string {
  return `/kubepods/pod${pod.metadata.uid ?? ""}`;
}

export function sandboxConfig(pod: KubeObject, settings: SandboxSettings): PodSandboxConfig {
  const spec = (pod.spec ?? {}) as PodSpec;
  const dns = podDnsConfig(pod, settings.dns);
  const sysctls = Object.fromEntries((spec.securityContext?.sysctls ?? []).map((s) => [s.name ?? "", s.value ?? ""]));
  return {
    metadata: { name: pod.metadata.name ?? "", uid: pod.metadata.uid ?? "", namespace: pod.metadata.namespace ?? "", attempt: settings.attempt },
    // A host-network sandbox shares the node's UTS namespace, and runc refuses to set a hostname there.
    hostname: spec.hostNetwork ? "" : (spec.hostname ?? pod.metadata.name ?? "").slice(0, 63),
    logDirectory: settings.logDirectory,
    dnsConfig: dns,
    portMappings: portMappings(spec),
    labels: podLabels(pod),
    annotations: { ...pod.metadata.annotations },
    linux: {
      cgroupParent: podCgroupParent(pod),
      securityContext: { namespaceOptions: namespaceOptions(spec), privileged: allContainers(spec).some((c) => c.securityContext?.privileged === true) },
      sysctls,
    },
  };
}
