/**
 * Why a pod fits nowhere, and upstream's one-line summary of it (FitError):
 * "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated
 * taint {dedicated: db}. preemption: …". Reasons are counted over nodes and
 * sorted as strings, counts first, exactly as kube-scheduler prints them.
 */
import { statusReasons } from "./status.js";
import type { Status } from "./types.js";

export interface Diagnosis {
  /** The rejection of each node that was filtered out. */
  readonly nodeStatuses: Map<string, Status>;
  /** Plugins that rejected the pod: the queue retries it on the events they list. */
  readonly unschedulablePlugins: Set<string>;
  /** Set when a PreFilter rejected the pod for every node. */
  preFilterMessage: string;
  /** What preemption found, appended after the filter reasons. */
  postFilterMessage: string;
  /** The reason counted for nodes without a status (preemption's "not helpful"). */
  absentNodesReason: string;
}

export function newDiagnosis(): Diagnosis {
  return { nodeStatuses: new Map(), unschedulablePlugins: new Set(), preFilterMessage: "", postFilterMessage: "", absentNodesReason: "" };
}

export function fitErrorMessage(numAllNodes: number, diagnosis: Diagnosis): string {
  let message = `0/${numAllNodes} nodes are available:`;
  if (diagnosis.preFilterMessage) {
    // A PreFilter rejection applies to every node; counting it per node would repeat it.
    message += ` ${diagnosis.preFilterMessage}.`;
  } else {
    const counts = new Map<string, number>();
    for (const status of diagnosis.nodeStatuses.values()) for (const reason of statusReasons(status)) counts.set(reason, (counts.get(reason) ?? 0) + 1);
    const absent = numAllNodes - diagnosis.nodeStatuses.size;
    if (absent > 0 && diagnosis.absentNodesReason) counts.set(diagnosis.absentNodesReason, (counts.get(diagnosis.absentNodesReason) ?? 0) + absent);
    // Go's sort.Strings order: byte-wise, so "10 …" sorts before "2 …" as upstream prints it.
    const histogram = [...counts].map(([reason, count]) => `${count} ${reason}`).sort();
    if (histogram.length > 0) message += ` ${histogram.join(", ")}.`;
  }
  if (diagnosis.postFilterMessage) message += ` ${diagnosis.postFilterMessage}`;
  return message;
}
