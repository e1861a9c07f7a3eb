/**
 * Preemption (upstream's DefaultPreemption PostFilter): when a pod fits
 * nowhere, find a node where removing pods of lower priority makes it fit.
 * On each candidate node every lower-priority pod is removed, then pods are
 * given back from the most important down while the pod still fits; those
 * that cannot come back are the victims. Among candidate nodes the one with
 * the lowest highest-victim priority wins, then the smallest priority sum,
 * the fewest victims, the latest-started victims, the first node.
 *
 * This module only decides; the scheduler deletes the victims and sets the
 * preemptor's nominatedNodeName.
 */
import {
  CycleState,
  fitErrorMessage,
  newDiagnosis,
  StaticSnapshot,
  unresolvable,
  type Diagnosis,
  type FilterOutcome,
  type Framework,
  type NodeInfo,
  type NominatedPods,
  type PodInfo,
  type Snapshot,
  type Status,
} from "./framework/index.js";

export type PreemptionResult =
  | { readonly type: "nominated"; readonly nodeName: string; readonly victims: readonly PodInfo[] }
  /** `message` is appended to the FitError; `clearNomination` drops a stale nominatedNodeName. */
  | { readonly type: "failed"; readonly message: string; readonly clearNomination: boolean };

export interface PreemptionInput {
  readonly framework: Framework;
  readonly snapshot: Snapshot;
  readonly pod: PodInfo;
  /** The failed cycle's per-node statuses. */
  readonly diagnosis: Diagnosis;
  readonly nominated: NominatedPods;
}

const NOT_HELPFUL = "Preemption is not helpful for scheduling";
const NO_VICTIMS = "No preemption victims found for incoming pod";
/** Upstream's DefaultPreemption arguments: dry-run at least 10% of the nodes, and at least 100. */
const MIN_CANDIDATE_NODES_PERCENTAGE = 10;
const MIN_CANDIDATE_NODES_ABSOLUTE = 100;

export const DISRUPTION_TARGET = "DisruptionTarget";
export const PREEMPTION_BY_SCHEDULER = "PreemptionByScheduler";

/** Victims already on their way out because of an earlier preemption. */
export function terminatingByPreemption(pod: PodInfo): boolean {
  if (!pod.terminating) return false;
  const condition = pod.pod.status?.conditions?.find((c) => c.type === DISRUPTION_TARGET);
  return condition?.status === "True" && condition.reason === PREEMPTION_BY_SCHEDULER;
}

/** Why the pod may not preempt, or undefined when it may. */
function notEligible(input: PreemptionInput): string | undefined {
  const { pod, diagnosis, snapshot } = input;
  if (pod.pod.spec.preemptionPolicy === "Never") return "not eligible due to preemptionPolicy=Never.";
  const nominated = pod.pod.status?.nominatedNodeName;
  if (!nominated || diagnosis.nodeStatuses.get(nominated)?.code === "UnschedulableAndUnresolvable") return undefined;
  const node = snapshot.get(nominated);
  for (const other of node?.pods.values() ?? []) {
    // Wait for the victims of the last preemption instead of choosing more.
    if (other.priority < pod.priority && terminatingByPreemption(other)) return "not eligible due to a terminating pod on the nominated node.";
  }
  return undefined;
}

export function preempt(input: PreemptionInput): PreemptionResult {
  const reason = notEligible(input);
  if (reason) return { type: "failed", message: `preemption: ${reason}`, clearNomination: false };
  const { snapshot, diagnosis } = input;
  const potential = snapshot.nodes.filter((n) => diagnosis.nodeStatuses.get(n.name)?.code === "Unschedulable");
  const dryRun = newDiagnosis();
  dryRun.absentNodesReason = NOT_HELPFUL;
  const wanted = Math.min(potential.length, Math.max(MIN_CANDIDATE_NODES_ABSOLUTE, Math.trunc((potential.length * MIN_CANDIDATE_NODES_PERCENTAGE) / 100)));
  const candidates: Candidate[] = [];
  for (const node of potential) {
    if (candidates.length >= wanted) break;
    const outcome = selectVictims(input, node);
    if ("victims" in outcome) candidates.push({ nodeName: node.name, victims: outcome.victims });
    else dryRun.nodeStatuses.set(node.name, outcome.status);
  }
  const best = pickCandidate(candidates);
  if (!best) return { type: "failed", message: `preemption: ${fitErrorMessage(snapshot.nodes.length, dryRun)}`, clearNomination: true };
  return { type: "nominated", nodeName: best.nodeName, victims: best.victims };
}

interface Candidate {
  readonly nodeName: string;
  /** Most important first. */
  readonly victims: readonly PodInfo[];
}

/** The fewest, least important pods whose removal lets the pod fit on the node. */
function selectVictims(input: PreemptionInput, node: NodeInfo): { victims: PodInfo[] } | { status: Status } {
  const { framework, pod, nominated } = input;
  const copy = node.clone();
  const potential = [...copy.pods.values()].filter((p) => p.priority < pod.priority);
  if (potential.length === 0) return { status: unresolvable(NO_VICTIMS) };
  for (const p of potential) copy.removePod(p.uid);
  const whatIf = new StaticSnapshot(input.snapshot.nodes.map((n) => (n.name === copy.name ? copy : n)));
  const fits = (): FilterOutcome => {
    const state = new CycleState(pod, whatIf);
    const pre = framework.runPreFilter(state);
    return pre.status.code === "Success" ? framework.runFiltersWithNominatedPods(state, copy, nominated) : pre;
  };
  const alone = fits();
  if (alone.status.code !== "Success") return { status: alone.status };
  potential.sort(byImportance);
  const victims: PodInfo[] = [];
  for (const p of potential) {
    copy.addPod(p);
    if (fits().status.code !== "Success") {
      copy.removePod(p.uid);
      victims.push(p);
    }
  }
  return { victims };
}

/** When the pod started; pods not started yet count as the newest. */
function startTime(pod: PodInfo): number {
  const started = pod.pod.status?.startTime;
  return started ? Date.parse(started) : Number.POSITIVE_INFINITY;
}

/** Higher priority first; among equals, the one that started earlier. */
function byImportance(a: PodInfo, b: PodInfo): number {
  return b.priority - a.priority || startTime(a) - startTime(b);
}

const PRIORITY_OFFSET = 2 ** 31;

/** Each criterion keeps the candidates scoring highest; the first left wins. */
function pickCandidate(candidates: readonly Candidate[]): Candidate | undefined {
  const criteria: ((c: Candidate) => number)[] = [
    (c) => -(c.victims[0]?.priority ?? 0),
    // Offsetting keeps negative priorities from making more victims look cheaper.
    (c) => -c.victims.reduce((sum, v) => sum + v.priority + PRIORITY_OFFSET, 0),
    (c) => -c.victims.length,
    (c) => {
      const highest = c.victims[0]?.priority ?? 0;
      return Math.min(...c.victims.filter((v) => v.priority === highest).map(startTime));
    },
  ];
  let left = [...candidates];
  for (const criterion of criteria) {
    if (left.length <= 1) break;
    const scores = left.map(criterion);
    const best = Math.max(...scores);
    left = left.filter((_, i) => scores[i] === best);
  }
  return left[0];
}
