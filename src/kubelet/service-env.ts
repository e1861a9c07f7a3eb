/**
 * Docker-link style variables for Services (upstream's service links):
 * every Service of the pod's namespace when enableServiceLinks is on (the
 * default), and the `kubernetes` Service of the default namespace always,
 * so in-cluster clients find the API server.
 */
import type { KubeObject } from "../apis/types.js";
import type { PodSpec } from "../apis/common/pod-types.js";
import type { Client } from "../client/index.js";
import type { KeyValue } from "./runtime.js";

interface ServicePort {
  name?: string;
  port?: number;
  protocol?: string;
}

function envName(name: string): string {
  return name.toUpperCase().replace(/-/g, "_");
}

function linksOf(service: KubeObject): KeyValue[] {
  const spec = (service.spec ?? {}) as { clusterIP?: string; ports?: ServicePort[] };
  const ip = spec.clusterIP ?? "";
  const ports = spec.ports ?? [];
  const first = ports[0];
  if (!ip || ip === "None" || !first) return [];
  const name = envName(service.metadata.name ?? "");
  const env: KeyValue[] = [
    { key: `${name}_SERVICE_HOST`, value: ip },
    { key: `${name}_SERVICE_PORT`, value: String(first.port ?? 0) },
  ];
  for (const port of ports) if (port.name) env.push({ key: `${name}_SERVICE_PORT_${envName(port.name)}`, value: String(port.port ?? 0) });
  const protocol = (first.protocol ?? "TCP").toLowerCase();
  env.push({ key: `${name}_PORT`, value: `${protocol}://${ip}:${first.port ?? 0}` });
  for (const port of ports) {
    const proto = (port.protocol ?? "TCP").toLowerCase();
    const prefix = `${name}_PORT_${port.port ?? 0}_${proto.toUpperCase()}`;
    env.push(
      { key: prefix, value: `${proto}://${ip}:${port.port ?? 0}` },
      { key: `${prefix}_PROTO`, value: proto },
      { key: `${prefix}_PORT`, value: String(port.port ?? 0) },
      { key: `${prefix}_ADDR`, value: ip },
    );
  }
  return env;
}

/** The service-link variables for a pod, given every Service of the cluster. */
export function serviceEnv(pod: KubeObject, services: readonly KubeObject[]): KeyValue[] {
  const namespace = pod.metadata.namespace ?? "";
  const links = ((pod.spec ?? {}) as PodSpec).enableServiceLinks !== false;
  const chosen = services.filter((s) => (links && s.metadata.namespace === namespace) || (s.metadata.namespace === "default" && s.metadata.name === "kubernetes"));
  return chosen.flatMap(linksOf);
}

/** The cluster's Services, re-listed on each resync (in-process: a list is cheap). */
export class ServiceEnvCache {
  readonly #client: Client;
  #services: KubeObject[] = [];

  constructor(client: Client) {
    this.#client = client;
  }

  current(): readonly KubeObject[] {
    return this.#services;
  }

  async refresh(): Promise<void> {
    this.#services = (await this.#client.resource("", "Service").list()).items;
  }
}
