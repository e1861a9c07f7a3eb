/**
 * A DaemonSet rolling update step (upstream's rollingUpdate). Without
 * surge: delete old pods, unavailable ones first, while no more than
 * maxUnavailable nodes lack an available pod; the manage step then creates
 * their replacements. With surge: start a new pod beside an old one on up
 * to maxSurge nodes at a time (at once where the old pod is unavailable),
 * and delete each old pod once the new one beside it is available.
 */
import type { KubeObject } from "../../apis/types.js";
import { isPodAvailable, isPodTerminating } from "../../apis/common/pod-state.js";
import { allowsSurge, scaledValue } from "./manage.js";
import { nodeShouldRunDaemonPod } from "./node-fit.js";
import { podHash, type DaemonSet } from "./pods.js";

export interface RollingInput {
  readonly ds: DaemonSet;
  readonly nodes: ReadonlyMap<string, KubeObject>;
  readonly podsByNode: ReadonlyMap<string, readonly KubeObject[]>;
  readonly hash: string;
  readonly now: number;
}

export interface RollingPlan {
  readonly delete: KubeObject[];
  readonly createOn: string[];
}

/** The one new and one old pod on a node, or undefined if there is more than one of either (manage prunes those first). */
function podsOnNode(pods: readonly KubeObject[], hash: string): { fresh?: KubeObject; old?: KubeObject } | undefined {
  let fresh: KubeObject | undefined;
  let old: KubeObject | undefined;
  for (const pod of pods) {
    if (isPodTerminating(pod)) continue;
    if (podHash(pod) === hash) {
      if (fresh) return undefined;
      fresh = pod;
    } else {
      if (old) return undefined;
      old = pod;
    }
  }
  return { ...(fresh ? { fresh } : {}), ...(old ? { old } : {}) };
}

/** maxSurge and maxUnavailable against the nodes that should run a pod; both zero means one unavailable. */
export function updateBudget(ds: DaemonSet, desired: number): { maxSurge: number; maxUnavailable: number } {
  const rolling = ds.spec?.updateStrategy?.rollingUpdate;
  const maxSurge = allowsSurge(ds) ? scaledValue(rolling?.maxSurge, desired) : 0;
  const maxUnavailable = scaledValue(rolling?.maxUnavailable, desired);
  return maxSurge === 0 && maxUnavailable === 0 ? { maxSurge: 0, maxUnavailable: 1 } : { maxSurge, maxUnavailable };
}

export function planRollingUpdate(input: RollingInput): RollingPlan {
  const { ds, hash, now } = input;
  const minReadySeconds = ds.spec?.minReadySeconds ?? 0;
  const template = ds.spec?.template?.spec;
  const available = (pod: KubeObject) => isPodAvailable(pod, { minReadySeconds, now });
  const desired = [...input.nodes.values()].filter((node) => nodeShouldRunDaemonPod(node, template).shouldRun).length;
  const { maxSurge, maxUnavailable } = updateBudget(ds, desired);

  if (maxSurge === 0) {
    let unavailable = 0;
    const replaceNow: KubeObject[] = [];
    const candidates: KubeObject[] = [];
    for (const pods of input.podsByNode.values()) {
      const found = podsOnNode(pods, hash);
      if (!found || (!found.fresh && !found.old) || (found.fresh && found.old)) {
        unavailable++;
      } else if (found.fresh) {
        if (!available(found.fresh)) unavailable++;
      } else if (found.old && !available(found.old)) {
        // An old pod that is down anyway costs nothing to replace.
        replaceNow.push(found.old);
      } else if (found.old && unavailable < maxUnavailable) {
        candidates.push(found.old);
      }
    }
    const room = Math.min(Math.max(maxUnavailable - unavailable, 0), candidates.length);
    return { delete: [...replaceNow, ...candidates.slice(0, room)], createOn: [] };
  }

  const plan: RollingPlan = { delete: [], createOn: [] };
  const candidates: string[] = [];
  let surging = 0;
  for (const [nodeName, pods] of input.podsByNode) {
    const found = podsOnNode(pods, hash);
    if (!found) {
      surging++;
      continue;
    }
    const { fresh, old } = found;
    if (!old) continue;
    if (!fresh) {
      if (available(old)) {
        candidates.push(nodeName);
        continue;
      }
      const node = input.nodes.get(nodeName);
      // A down old pod on a node the set no longer fits is just removed; elsewhere it is replaced at once.
      if (!node || !nodeShouldRunDaemonPod(node, template).shouldRun) plan.delete.push(old);
      else plan.createOn.push(nodeName);
      continue;
    }
    if (!available(fresh)) surging++;
    else plan.delete.push(old);
  }
  const room = Math.min(Math.max(maxSurge - surging, 0), candidates.length);
  plan.createOn.push(...candidates.slice(0, room));
  return plan;
}
