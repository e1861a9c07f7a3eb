/**
 * A stage, compiled: which objects of one kind it applies to, how long it
 * waits, how likely it is among other matching stages, and what it does
 * next. The engine asks `matchingStages`, draws one with `pickStage`, waits
 * `stageDelay`, and — if the stage still matches — applies its next step.
 */
import type { KubeObject } from "../apis/types.js";
import type { EventType } from "../client/index.js";
import { selectorMatches, type StageSelector } from "./selector.js";
import type { Template } from "./template.js";

export interface ResourceRef {
  /** "" for the core group. */
  readonly apiGroup: string;
  readonly kind: string;
}

export interface StageDelay {
  readonly durationMilliseconds: number;
  /** When above the duration: the delay is drawn uniformly between the two. */
  readonly jitterDurationMilliseconds?: number;
}

export interface StageEvent {
  readonly type: EventType;
  readonly reason: string;
  readonly message: Template;
}

export interface StageNext {
  /** A strategic merge patch of `.status`, as a template. */
  readonly status?: Template;
  readonly finalizers?: { readonly add: readonly string[]; readonly remove: readonly string[]; readonly empty: boolean };
  readonly delete: boolean;
  readonly event?: StageEvent;
}

export interface Stage {
  readonly name: string;
  readonly resourceRef: ResourceRef;
  readonly selector: StageSelector;
  readonly delay: StageDelay;
  readonly weight: number;
  readonly next: StageNext;
}

export function refKey(ref: ResourceRef): string {
  return `${ref.apiGroup}/${ref.kind}`;
}

export function matchingStages(stages: readonly Stage[], object: KubeObject): Stage[] {
  return stages.filter((stage) => selectorMatches(stage.selector, object));
}

/**
 * One of the matching stages, drawn by weight as kwok does: stages of weight
 * 0 only compete when every candidate has weight 0 (then uniformly).
 * `random` returns a number in [0, 1).
 */
export function pickStage(candidates: readonly Stage[], random: () => number): Stage | undefined {
  const total = candidates.reduce((sum, stage) => sum + stage.weight, 0);
  if (total === 0) return candidates[Math.floor(random() * candidates.length)];
  let draw = random() * total;
  for (const stage of candidates) {
    draw -= stage.weight;
    if (draw < 0 && stage.weight > 0) return stage;
  }
  return candidates.findLast((stage) => stage.weight > 0);
}

export function stageDelay(delay: StageDelay, random: () => number): number {
  const { durationMilliseconds: base, jitterDurationMilliseconds: upTo } = delay;
  if (upTo === undefined || upTo <= base) return base;
  return base + Math.floor(random() * (upTo - base));
}
