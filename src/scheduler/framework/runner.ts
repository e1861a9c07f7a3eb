/**
 * A profile's plugins run as one scheduling cycle: PreFilter once, Filter
 * per node (stopping at the first plugin that rejects), then PreScore and
 * Score over the feasible nodes, NormalizeScore to 0…100, weights, and the
 * highest total wins. Ties go to the node evaluated first; evaluation
 * starts where the previous cycle stopped, so ties rotate over the nodes.
 *
 * In large clusters only enough feasible nodes are looked for (upstream's
 * adaptive percentageOfNodesToScore: 50% minus 1% per 125 nodes, at least
 * 5% and at least 100 nodes), which bounds a cycle's cost.
 */
import { newDiagnosis, type Diagnosis } from "./diagnosis.js";
import type { CycleState } from "./cycle-state.js";
import type { NodeInfo } from "./node-info.js";
import type { PodInfo } from "./pod-info.js";
import { isRejection, statusMessage, SUCCESS } from "./status.js";
import {
  MAX_NODE_SCORE,
  type FilterPlugin,
  type NodeScore,
  type PreBindPlugin,
  type PreFilterPlugin,
  type PreScorePlugin,
  type SchedulerPlugin,
  type ScorePlugin,
  type Status,
} from "./types.js";

export interface WeightedPlugin {
  readonly plugin: SchedulerPlugin;
  /** Multiplies the plugin's normalised score. @default 1 */
  readonly weight?: number;
}

/** Pods nominated to nodes by preemption, counted as if placed when filtering pods of no higher priority. */
export interface NominatedPods {
  forNode(nodeName: string): readonly PodInfo[];
}

export interface FrameworkOptions {
  readonly schedulerName: string;
  readonly plugins: readonly WeightedPlugin[];
  /**
   * Stop filtering once this percentage of the nodes is feasible; 0 picks
   * upstream's adaptive percentage.
   * @default 0
   */
  readonly percentageOfNodesToScore?: number;
}

/** A filter result and the plugin that gave it ("" when every filter passed). */
export interface FilterOutcome {
  readonly status: Status;
  readonly plugin: string;
}

export type ScheduleResult =
  | { readonly type: "scheduled"; readonly nodeName: string; readonly evaluatedNodes: number; readonly feasibleNodes: number }
  | { readonly type: "unschedulable"; readonly diagnosis: Diagnosis }
  | { readonly type: "error"; readonly message: string };

const PASSED: FilterOutcome = { status: SUCCESS, plugin: "" };
const NO_NOMINATIONS: NominatedPods = { forNode: () => [] };

type Scorer = { readonly plugin: SchedulerPlugin & ScorePlugin; readonly weight: number };
/** A NodeScore this file may rename: score lists are reused from cycle to cycle. */
type ScoreEntry = { name: string; score: number };

export class Framework {
  readonly schedulerName: string;
  readonly plugins: readonly SchedulerPlugin[];
  readonly #preFilters: (SchedulerPlugin & PreFilterPlugin)[];
  readonly #filters: (SchedulerPlugin & FilterPlugin)[];
  readonly #preScores: (SchedulerPlugin & PreScorePlugin)[];
  readonly #scorers: Scorer[];
  readonly #preBinds: (SchedulerPlugin & PreBindPlugin)[];
  readonly #percentage: number;
  #nextStartNodeIndex = 0;
  /**
   * The score lists of #prioritize, kept between cycles (a framework runs one cycle at a time, and
   * the lists are read before the cycle ends), so scoring allocates nothing per node and pod.
   */
  readonly #totals: ScoreEntry[] = [];
  readonly #scores: ScoreEntry[] = [];
  /** The filters the latest PreFilter left to run, so the per-node loop need not look up skips. */
  #cycleFilters: { readonly state: CycleState; readonly filters: readonly (SchedulerPlugin & FilterPlugin)[] } | undefined;

  constructor(options: FrameworkOptions) {
    this.schedulerName = options.schedulerName;
    const plugins = options.plugins.map((p) => p.plugin);
    this.plugins = plugins;
    this.#preFilters = plugins.filter((p): p is SchedulerPlugin & PreFilterPlugin => typeof p.preFilter === "function");
    this.#filters = plugins.filter((p): p is SchedulerPlugin & FilterPlugin => typeof p.filter === "function");
    this.#preScores = plugins.filter((p): p is SchedulerPlugin & PreScorePlugin => typeof p.preScore === "function");
    this.#scorers = options.plugins
      .filter((p): p is { plugin: SchedulerPlugin & ScorePlugin; weight?: number } => typeof p.plugin.score === "function")
      .map((p) => ({ plugin: p.plugin, weight: p.weight ?? 1 }));
    this.#preBinds = plugins.filter((p): p is SchedulerPlugin & PreBindPlugin => typeof p.preBind === "function");
    this.#percentage = options.percentageOfNodesToScore ?? 0;
  }

  /**
   * Runs every PreBind in order; the first that does not succeed stops the
   * binding. A plugin whose PreFilter skipped the pod has nothing to bind.
   */
  async runPreBind(state: CycleState, nodeName: string): Promise<FilterOutcome> {
    for (const plugin of this.#preBinds) {
      if (state.skipFilter.has(plugin.name)) continue;
      const status = await plugin.preBind(state, nodeName);
      if (status.code !== "Success") return { status, plugin: plugin.name };
    }
    return PASSED;
  }

  /** Runs every PreFilter; the first rejection or error ends the cycle for all nodes. */
  runPreFilter(state: CycleState): FilterOutcome {
    for (const plugin of this.#preFilters) {
      const status = plugin.preFilter(state);
      if (status.code === "Skip") state.skipFilter.add(plugin.name);
      else if (status.code !== "Success") return { status, plugin: plugin.name };
    }
    this.#cycleFilters = { state, filters: this.#filtersFor(state) };
    return PASSED;
  }

  #filtersFor(state: CycleState): readonly (SchedulerPlugin & FilterPlugin)[] {
    if (state.skipFilter.size === 0) return this.#filters;
    return this.#filters.filter((plugin) => !state.skipFilter.has(plugin.name));
  }

  /** Runs the filters on one node, stopping at the first that does not pass. */
  runFilters(state: CycleState, node: NodeInfo): FilterOutcome {
    const filters = this.#cycleFilters?.state === state ? this.#cycleFilters.filters : this.#filtersFor(state);
    for (let i = 0; i < filters.length; i++) {
      const plugin = filters[i] as SchedulerPlugin & FilterPlugin;
      const status = plugin.filter(state, node);
      if (status.code !== "Success") return { status, plugin: plugin.name };
    }
    return PASSED;
  }

  /**
   * Filters with the node's nominated pods of equal or higher priority
   * counted as placed, then (if any were) without them: the pod must fit
   * both ways, since nominated pods may still land elsewhere.
   */
  runFiltersWithNominatedPods(state: CycleState, node: NodeInfo, nominated: NominatedPods): FilterOutcome {
    const pod = state.pod;
    const candidates = nominated.forNode(node.name);
    const ahead = candidates.length === 0 ? candidates : candidates.filter((p) => p.uid !== pod.uid && p.priority >= pod.priority);
    if (ahead.length === 0) return this.runFilters(state, node);
    const withNominated = node.clone();
    for (const p of ahead) withNominated.addPod(p);
    const first = this.runFilters(state, withNominated);
    return first.status.code === "Success" ? this.runFilters(state, node) : first;
  }

  schedule(state: CycleState, nominated: NominatedPods = NO_NOMINATIONS): ScheduleResult {
    const nodes = state.snapshot.nodes;
    if (nodes.length === 0) return { type: "error", message: "no nodes available to schedule pods" };
    const diagnosis = newDiagnosis();
    const pre = this.runPreFilter(state);
    if (pre.status.code === "Error") return { type: "error", message: `running PreFilter plugin "${pre.plugin}": ${pre.status.message}` };
    if (pre.status.code !== "Success") {
      diagnosis.preFilterMessage = statusMessage(pre.status);
      diagnosis.unschedulablePlugins.add(pre.plugin);
      for (const node of nodes) diagnosis.nodeStatuses.set(node.name, pre.status);
      return { type: "unschedulable", diagnosis };
    }
    const preferred = this.#nominatedNode(state, nominated);
    if (preferred) return { type: "scheduled", nodeName: preferred, evaluatedNodes: 1, feasibleNodes: 1 };
    const found = this.#findFeasible(state, nominated, diagnosis);
    if (typeof found === "string") return { type: "error", message: found };
    const { feasible, evaluated } = found;
    if (feasible.length === 0) return { type: "unschedulable", diagnosis };
    const scored = feasible.length === 1 ? undefined : this.#prioritize(state, feasible);
    if (typeof scored === "string") return { type: "error", message: scored };
    const nodeName = scored ? selectHost(scored) : (feasible[0] as NodeInfo).name;
    return { type: "scheduled", nodeName, evaluatedNodes: evaluated, feasibleNodes: feasible.length };
  }

  /** A pod that preempted for a node goes there if it now fits, without looking further. */
  #nominatedNode(state: CycleState, nominated: NominatedPods): string | undefined {
    const name = state.pod.pod.status?.nominatedNodeName;
    const node = name ? state.snapshot.get(name) : undefined;
    if (!node?.node) return undefined;
    return this.runFiltersWithNominatedPods(state, node, nominated).status.code === "Success" ? node.name : undefined;
  }

  #findFeasible(state: CycleState, nominated: NominatedPods, diagnosis: Diagnosis): { feasible: NodeInfo[]; evaluated: number } | string {
    const nodes = state.snapshot.nodes;
    const wanted = numFeasibleNodesToFind(nodes.length, this.#percentage);
    const start = this.#nextStartNodeIndex % nodes.length;
    const feasible: NodeInfo[] = [];
    let evaluated = 0;
    while (evaluated < nodes.length && feasible.length < wanted) {
      const node = nodes[(start + evaluated) % nodes.length] as NodeInfo;
      evaluated++;
      const outcome = this.runFiltersWithNominatedPods(state, node, nominated);
      if (outcome.status.code === "Success") feasible.push(node);
      else if (outcome.status.code === "Error") return `running "${outcome.plugin}" filter plugin: ${outcome.status.message}`;
      else if (isRejection(outcome.status)) {
        diagnosis.nodeStatuses.set(node.name, outcome.status);
        diagnosis.unschedulablePlugins.add(outcome.plugin);
      }
    }
    this.#nextStartNodeIndex = (start + evaluated) % nodes.length;
    return { feasible, evaluated };
  }

  /** Weighted sum of normalised scores per feasible node, in the nodes' order. */
  #prioritize(state: CycleState, nodes: readonly NodeInfo[]): NodeScore[] | string {
    for (const plugin of this.#preScores) {
      const status = plugin.preScore(state, nodes);
      if (status.code === "Skip") state.skipScore.add(plugin.name);
      else if (status.code === "Error") return `running PreScore plugin "${plugin.name}": ${status.message}`;
    }
    const totals = zeroScores(this.#totals, nodes);
    // One list reused by every plugin: scores are read out right after each plugin's normalisation.
    const scores = zeroScores(this.#scores, nodes);
    for (const { plugin, weight } of this.#scorers) {
      if (state.skipScore.has(plugin.name)) continue;
      for (let i = 0; i < nodes.length; i++) (scores[i] as NodeScore).score = plugin.score(state, nodes[i] as NodeInfo);
      plugin.normalizeScore?.(state, scores);
      for (let i = 0; i < scores.length; i++) {
        const bounded = Math.min(MAX_NODE_SCORE, Math.max(0, (scores[i] as NodeScore).score));
        (totals[i] as NodeScore).score += bounded * weight;
      }
    }
    return totals;
  }
}

/** `list` made to hold one zero score per node, in the nodes' order, reusing its entries. */
function zeroScores(list: ScoreEntry[], nodes: readonly NodeInfo[]): ScoreEntry[] {
  list.length = Math.min(list.length, nodes.length);
  for (let i = 0; i < nodes.length; i++) {
    const name = (nodes[i] as NodeInfo).name;
    const entry = list[i];
    if (entry) {
      entry.name = name;
      entry.score = 0;
    } else list.push({ name, score: 0 });
  }
  return list;
}

/** The first node with the highest score. */
function selectHost(scores: readonly NodeScore[]): string {
  let best = scores[0] as NodeScore;
  for (const s of scores) if (s.score > best.score) best = s;
  return best.name;
}

const MIN_FEASIBLE_NODES_TO_FIND = 100;
const MIN_FEASIBLE_NODES_PERCENTAGE = 5;
const BASE_PERCENTAGE_OF_NODES_TO_SCORE = 50;

/** How many feasible nodes to look for before scoring (upstream's numFeasibleNodesToFind). */
export function numFeasibleNodesToFind(allNodes: number, percentage: number): number {
  if (allNodes < MIN_FEASIBLE_NODES_TO_FIND || percentage >= 100) return allNodes;
  let adaptive = percentage;
  if (adaptive <= 0) adaptive = Math.max(MIN_FEASIBLE_NODES_PERCENTAGE, BASE_PERCENTAGE_OF_NODES_TO_SCORE - Math.trunc(allNodes / 125));
  return Math.max(MIN_FEASIBLE_NODES_TO_FIND, Math.trunc((allNodes * adaptive) / 100));
}
