/**
 * What a stage's next step does to one object, computed without writing
 * anything: the new status, the new finalizers, whether to delete it, and
 * the event to record. The engine turns the outcome into API calls; golden
 * tests print it. Parts that would change nothing are left out, so a stage
 * that is already satisfied writes nothing.
 */
import type { KubeObject, Schema } from "../apis/types.js";
import type { EventType } from "../client/index.js";
import { applyStrategicMergePatch } from "../machinery/strategic-merge-patch.js";
import type { StageEnvironment } from "./functions.js";
import type { StageNext } from "./stage.js";
import { renderTemplate } from "./template.js";

export interface NextOutcome {
  /** The whole new status, when it differs. */
  readonly status?: unknown;
  /** The whole new finalizer list, when it differs. */
  readonly finalizers?: readonly string[];
  readonly delete: boolean;
  readonly event?: { readonly type: EventType; readonly reason: string; readonly message: string };
}

export interface NextContext {
  readonly env: StageEnvironment;
  /** The kind's status schema: it says how lists merge (conditions by type). Absent: plain merge. */
  readonly statusSchema: Schema | undefined;
}

export function applyNext(next: StageNext, object: KubeObject, context: NextContext): NextOutcome {
  const outcome: { -readonly [K in keyof NextOutcome]: NextOutcome[K] } = { delete: next.delete };
  if (next.event) {
    const message = renderTemplate(next.event.message, object, context.env);
    outcome.event = { type: next.event.type, reason: next.event.reason, message: typeof message === "string" ? message : JSON.stringify(message) };
  }
  if (next.finalizers) {
    const current = object.metadata.finalizers ?? [];
    const { add, remove, empty } = next.finalizers;
    const kept = empty ? [] : current.filter((f) => !remove.includes(f));
    const finalizers = [...kept, ...add.filter((f) => !kept.includes(f))];
    if (JSON.stringify(finalizers) !== JSON.stringify(current)) outcome.finalizers = finalizers;
  }
  if (next.status) {
    const patch = renderTemplate(next.status, object, context.env);
    const merged = applyStrategicMergePatch(object.status ?? {}, patch, context.statusSchema);
    if (!merged.ok) throw new Error(`Status patch does not apply: ${merged.error}`);
    if (JSON.stringify(merged.value) !== JSON.stringify(object.status ?? {})) outcome.status = merged.value;
  }
  return outcome;
}
