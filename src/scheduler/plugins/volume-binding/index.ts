/**
 * VolumeBinding: a pod's PersistentVolumeClaims decide where it may run and
 * are bound before it is. PreFilter finds the claims (a missing one makes
 * the pod unschedulable with `persistentvolumeclaim "x" not found`); Filter
 * keeps nodes that can reach the bound volumes and, for claims waiting for
 * their first consumer, nodes where a free volume or the class's
 * provisioner can serve them; PreBind writes the chosen node on those
 * claims (the selected-node annotation), waits until the binder and the
 * provisioner have bound them, and only then lets the pod be bound.
 */
import type { KubeObject } from "../../../apis/types.js";
import { claimClass, findVolume, podClaimNames, SELECTED_NODE_ANNOTATION, volumeFitsNode, type Claim, type StorageClass, type Volume } from "../../../apis/common/volume-matching.js";
import { errorStatus, SKIP, SUCCESS, unresolvable, unschedulable, type CycleState, type FilterPlugin, type NodeInfo, type PluginHandle, type PreBindPlugin, type PreFilterPlugin, type Status } from "../../framework/index.js";
import { cloneJson } from "../../../machinery/clone.js";

export const VOLUME_BINDING = "VolumeBinding";
export const UNBOUND_IMMEDIATE = "pod has unbound immediate PersistentVolumeClaims";
export const NODE_CONFLICT = "node(s) had volume node affinity conflict";
export const NO_VOLUME_TO_BIND = "node(s) didn't find available persistent volumes to bind";
export const MISSING_VOLUME = "node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)";
export const SELECTED_ELSEWHERE = "node(s) didn't match the node selected for an unbound volume";
const BIND_COMPLETED = "pv.kubernetes.io/bind-completed";

/** Upstream's bindTimeoutSeconds default. */
const DEFAULT_BIND_TIMEOUT_MS = 600_000;
const POLL_MS = 50;

interface ClaimState {
  /** Volumes of the pod's bound claims. */
  readonly bound: readonly Volume[];
  /** Unbound claims of WaitForFirstConsumer classes, with their class. */
  readonly delayed: readonly { claim: Claim; storageClass: StorageClass | undefined }[];
}

function isBound(claim: Claim): boolean {
  return Boolean(claim.spec?.volumeName) && claim.metadata.annotations?.[BIND_COMPLETED] === "yes";
}

export interface VolumeBindingOptions {
  /** How long PreBind waits for the claims to bind. @default 600000 */
  readonly bindTimeoutMs?: number;
}

export function newVolumeBinding(handle: PluginHandle, options: VolumeBindingOptions = {}) {
  const timeout = options.bindTimeoutMs ?? DEFAULT_BIND_TIMEOUT_MS;
  const read = (state: CycleState) => state.read<ClaimState>(VOLUME_BINDING);

  /** The claim as written with the node, or as it was when it already named it. */
  const annotate = async (claim: Claim, nodeName: string): Promise<Claim> => {
    if (claim.metadata.annotations?.[SELECTED_NODE_ANNOTATION] === nodeName) return claim;
    const next = cloneJson(claim);
    next.metadata.annotations = { ...next.metadata.annotations, [SELECTED_NODE_ANNOTATION]: nodeName };
    return (await handle.updateClaim(next)) as Claim;
  };

  /** Polls the claim cache until every claim is bound; a message when one cannot be. */
  const waitBound = async (claims: readonly Claim[], nodeName: string): Promise<string | undefined> => {
    const deadline = Date.now() + timeout;
    for (;;) {
      let pending = false;
      for (const { metadata } of claims) {
        const current = handle.claims.get(metadata.namespace ?? "", metadata.name ?? "") as Claim | undefined;
        if (!current || current.metadata.uid !== metadata.uid) return `persistentvolumeclaim "${metadata.name ?? ""}" was deleted`;
        if (isBound(current)) continue;
        pending = true;
        // The cache may not have seen our own write yet; only a newer version can have dropped the node.
        const seen = Number(current.metadata.resourceVersion ?? 0) >= Number(metadata.resourceVersion ?? 0);
        if (seen && current.metadata.annotations?.[SELECTED_NODE_ANNOTATION] !== nodeName) return `selectedNode annotation reset for PVC "${metadata.name ?? ""}"`;
      }
      if (!pending) return undefined;
      if (Date.now() > deadline) return "binding volumes: context deadline exceeded";
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  };

  return {
    name: VOLUME_BINDING,
    events: ["NodeAdd", "NodeUpdate", "PersistentVolumeClaimAdd", "PersistentVolumeClaimUpdate", "PersistentVolumeAdd", "PersistentVolumeUpdate", "StorageClassAdd"],
    preFilter(state): Status {
      const pod = state.pod.pod;
      const names = podClaimNames(pod);
      if (names.length === 0) return SKIP;
      const bound: Volume[] = [];
      const delayed: { claim: Claim; storageClass: StorageClass | undefined }[] = [];
      for (const name of names) {
        const claim = handle.claims.get(state.pod.namespace, name) as Claim | undefined;
        if (!claim) return unresolvable(`persistentvolumeclaim "${name}" not found`);
        if (claim.metadata.deletionTimestamp) return unresolvable(`persistentvolumeclaim "${name}" is being deleted`);
        if (claim.spec?.volumeName) {
          const volume = handle.volumes.get("", claim.spec.volumeName) as Volume | undefined;
          if (!volume) return unresolvable(MISSING_VOLUME);
          bound.push(volume);
          continue;
        }
        const className = claimClass(claim);
        const storageClass = className ? (handle.storageClasses.get("", className) as StorageClass | undefined) : undefined;
        if (storageClass?.volumeBindingMode !== "WaitForFirstConsumer") return unresolvable(UNBOUND_IMMEDIATE);
        delayed.push({ claim, storageClass });
      }
      state.write(VOLUME_BINDING, { bound, delayed } satisfies ClaimState);
      return SUCCESS;
    },
    filter(state: CycleState, node: NodeInfo): Status {
      const claims = read(state);
      if (!claims || !node.node) return SUCCESS;
      if (claims.bound.some((volume) => !volumeFitsNode(volume, node.node as KubeObject))) return unresolvable(NODE_CONFLICT);
      for (const { claim, storageClass } of claims.delayed) {
        // Another pod's binding already chose a node for this claim: its volume will live there.
        const selected = claim.metadata.annotations?.[SELECTED_NODE_ANNOTATION];
        if (selected && selected !== node.name) return unresolvable(SELECTED_ELSEWHERE);
        // A free volume reachable from the node, or a provisioner that can make one.
        if (storageClass?.provisioner && storageClass.provisioner !== "kubernetes.io/no-provisioner") continue;
        if (!findVolume(claim, handle.volumes.list() as Volume[], node.node)) return unschedulable(NO_VOLUME_TO_BIND);
      }
      return SUCCESS;
    },
    async preBind(state: CycleState, nodeName: string): Promise<Status> {
      const claims = read(state);
      if (!claims || claims.delayed.length === 0) return SUCCESS;
      const written: Claim[] = [];
      try {
        for (const { claim } of claims.delayed) written.push(await annotate(claim, nodeName));
      } catch (error: unknown) {
        return errorStatus(`binding volumes: ${String(error)}`);
      }
      const problem = await waitBound(written, nodeName);
      return problem ? errorStatus(problem) : SUCCESS;
    },
  } satisfies PreFilterPlugin & FilterPlugin & PreBindPlugin;
}
