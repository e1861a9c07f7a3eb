/**
 * The StatefulSet controller's writes, with upstream's events
 * (`create Pod web-0 in StatefulSet web successful`). Claims are created
 * before their pod. The PersistentVolumeClaim kind may not be served: then
 * claims are skipped (logged once per set) and pods are created without
 * them, which the fake nodes accept and a real kubelet would hold Pending.
 */
import type { KubeObject } from "../../apis/types.js";
import type { Client, EventRecorder, ResourceClient } from "../../client/index.js";
import type { Logger } from "../../log.js";
import { ApiError, isApiError } from "../../machinery/status.js";
import type { StatefulPodControl } from "./control.js";
import { claimsFor, ordinalOf, withIdentity, type StatefulSet } from "./identity.js";


function isAlreadyExists(error: unknown): boolean {
  return error instanceof ApiError && error.status.reason === "AlreadyExists";
}

export class ClientPodControl implements StatefulPodControl {
  readonly #client: Client;
  readonly #pods: ResourceClient;
  readonly #events: EventRecorder;
  readonly #log: Logger;
  /** Sets already told that claims are skipped. */
  readonly #warned = new Set<string>();

  constructor(client: Client, options: { events: EventRecorder; log: Logger }) {
    this.#client = client;
    this.#pods = client.resource("", "Pod");
    this.#events = options.events;
    this.#log = options.log;
  }

  async create(set: StatefulSet, pod: KubeObject): Promise<void> {
    await this.ensureClaims(set, pod);
    const setName = set.metadata.name ?? "";
    const name = pod.metadata.name ?? "";
    try {
      await this.#pods.create(set.metadata.namespace ?? "", pod);
    } catch (error: unknown) {
      // Our cache has not seen the pod yet; the next pass will.
      if (isAlreadyExists(error)) return;
      this.#events.record(set, "Warning", "FailedCreate", `create Pod ${name} in StatefulSet ${setName} failed error: ${String(error)}`);
      throw error;
    }
    this.#events.record(set, "Normal", "SuccessfulCreate", `create Pod ${name} in StatefulSet ${setName} successful`);
  }

  async delete(set: StatefulSet, pod: KubeObject): Promise<void> {
    const setName = set.metadata.name ?? "";
    const name = pod.metadata.name ?? "";
    try {
      await this.#pods.delete(pod.metadata.namespace ?? "", name, { preconditions: { uid: pod.metadata.uid ?? "" } });
    } catch (error: unknown) {
      if (isApiError(error, 404)) return;
      this.#events.record(set, "Warning", "FailedDelete", `delete Pod ${name} in StatefulSet ${setName} failed error: ${String(error)}`);
      throw error;
    }
    this.#events.record(set, "Normal", "SuccessfulDelete", `delete Pod ${name} in StatefulSet ${setName} successful`);
  }

  async fixIdentity(set: StatefulSet, pod: KubeObject): Promise<void> {
    try {
      await this.#pods.update(withIdentity(set, pod));
    } catch (error: unknown) {
      const name = pod.metadata.name ?? "";
      this.#events.record(set, "Warning", "FailedUpdate", `update Pod ${name} in StatefulSet ${set.metadata.name ?? ""} failed error: ${String(error)}`);
      throw error;
    }
    this.#events.record(set, "Normal", "SuccessfulUpdate", `update Pod ${pod.metadata.name ?? ""} in StatefulSet ${set.metadata.name ?? ""} successful`);
  }

  async ensureClaims(set: StatefulSet, pod: KubeObject): Promise<void> {
    const claims = claimsFor(set, ordinalOf(pod));
    if (claims.length === 0) return;
    const client = this.#claimClient(set);
    if (!client) return;
    for (const claim of claims) await this.#ensureClaim(client, set, pod, claim);
  }

  async #ensureClaim(client: ResourceClient, set: StatefulSet, pod: KubeObject, claim: KubeObject): Promise<void> {
    const namespace = set.metadata.namespace ?? "";
    const name = claim.metadata.name ?? "";
    const context = `Pod ${pod.metadata.name ?? ""} in StatefulSet ${set.metadata.name ?? ""}`;
    try {
      const existing = await client.get(namespace, name);
      // A claim on its way out would leave the new pod without storage: wait until it is gone.
      if (existing.metadata.deletionTimestamp) throw new Error(`pvc ${name} is being deleted`);
      return;
    } catch (error: unknown) {
      if (!isApiError(error, 404)) throw error;
    }
    try {
      await client.create(namespace, claim);
    } catch (error: unknown) {
      if (isAlreadyExists(error)) return;
      this.#events.record(set, "Warning", "FailedCreate", `create Claim ${name} for ${context} failed error: ${String(error)}`);
      throw error;
    }
    this.#events.record(set, "Normal", "SuccessfulCreate", `create Claim ${name} ${context} success`);
  }

  #claimClient(set: StatefulSet): ResourceClient | undefined {
    try {
      return this.#client.resource("", "PersistentVolumeClaim");
    } catch {
      const key = `${set.metadata.namespace ?? ""}/${set.metadata.name ?? ""}`;
      if (!this.#warned.has(key)) {
        this.#warned.add(key);
        this.#log.warn("PersistentVolumeClaim is not served; creating pods without their volume claims", { statefulset: key });
      }
      return undefined;
    }
  }
}
