/**
 * The `kubernetes` Service in `default`, through which pods reach the API
 * server: it holds the first cluster IP of the service CIDR, port 443
 * (`https`) to the API server's port, and an Endpoints (marked not to be
 * mirrored into EndpointSlices) naming the API server's address. Both are
 * put back if deleted; the Endpoints also if its address or port drift.
 */
import { isDeepStrictEqual } from "node:util";
import { networkInterfaces } from "node:os";
import type { KubeObject } from "../apis/types.js";
import type { Client, Informer } from "../client/index.js";
import { isAlreadyExists } from "./job/api-helpers.js";
import { cloneJson } from "../machinery/clone.js";

export const KUBERNETES_KEY = "default/kubernetes";

export interface ApiServerEndpoint {
  /** Not loopback: Endpoints validation refuses 127.0.0.0/8, as upstream's does. Without one, no Endpoints. */
  readonly address: string | undefined;
  readonly port: number;
}

/** This machine's first non-internal IPv4 address: what a kube-apiserver would advertise. */
export function defaultAdvertiseAddress(): string | undefined {
  for (const addresses of Object.values(networkInterfaces())) {
    const found = (addresses ?? []).find((address) => address.family === "IPv4" && !address.internal);
    if (found) return found.address;
  }
  return undefined;
}

function kubernetesService(clusterIP: string, port: number): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "kubernetes", namespace: "default", labels: { component: "apiserver", provider: "kubernetes" } },
    spec: {
      type: "ClusterIP",
      clusterIP,
      clusterIPs: [clusterIP],
      ipFamilies: ["IPv4"],
      ipFamilyPolicy: "SingleStack",
      sessionAffinity: "None",
      ports: [{ name: "https", port: 443, protocol: "TCP", targetPort: port }],
    },
  };
}

const SKIP_MIRROR = { "endpointslice.kubernetes.io/skip-mirror": "true" };

function subsets(address: string, port: number): unknown {
  return [{ addresses: [{ ip: address }], ports: [{ name: "https", port, protocol: "TCP" }] }];
}

export class KubernetesServiceReconciler {
  readonly #client: Client;
  readonly #services: Informer;
  readonly #endpoints: Informer;
  readonly #clusterIP: string;
  readonly #endpoint: ApiServerEndpoint;

  constructor(client: Client, informers: { services: Informer; endpoints: Informer }, options: { clusterIP: string; endpoint: ApiServerEndpoint }) {
    this.#client = client;
    this.#services = informers.services;
    this.#endpoints = informers.endpoints;
    this.#clusterIP = options.clusterIP;
    this.#endpoint = options.endpoint;
  }

  /** Creates what is missing from the cache; AlreadyExists means the cache lags, not a failure. */
  async sync(): Promise<void> {
    if (!this.#services.get("default", "kubernetes")) {
      try {
        await this.#client.resource("", "Service").create("default", kubernetesService(this.#clusterIP, this.#endpoint.port));
      } catch (error: unknown) {
        if (!isAlreadyExists(error)) throw error;
      }
    }
    const { address, port } = this.#endpoint;
    if (address !== undefined) await this.#syncEndpoints(address, port);
  }

  async #syncEndpoints(address: string, port: number): Promise<void> {
    const client = this.#client.resource("", "Endpoints");
    const wanted = subsets(address, port);
    const current = this.#endpoints.get("default", "kubernetes");
    if (!current) {
      try {
        await client.create("default", { apiVersion: "v1", kind: "Endpoints", metadata: { name: "kubernetes", labels: SKIP_MIRROR }, subsets: wanted });
      } catch (error: unknown) {
        if (!isAlreadyExists(error)) throw error;
      }
      return;
    }
    const labels = { ...current.metadata.labels, ...SKIP_MIRROR };
    if (isDeepStrictEqual(current.subsets, wanted) && isDeepStrictEqual(current.metadata.labels, labels)) return;
    await client.update({ ...cloneJson(current), metadata: { ...current.metadata, labels }, subsets: wanted });
  }
}
