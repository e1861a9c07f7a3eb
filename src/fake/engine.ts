/**
 * The stage engine: drives objects of any kind through stages written as
 * data, as kwok does. One controller per resourceRef watches its kind
 * through the shared informer; for an object it may act on, it draws one of
 * the matching stages, waits the stage's delay, and if the stage still
 * matches the object as it is then, applies the stage's next step. The
 * write changes the object, the informer reports it, and the next stage
 * follows: Pending → Running → Succeeded is three turns of that loop, a
 * heartbeat is one stage matching again after each of its own writes.
 *
 * A delay is a plan with its own timer, not `WorkQueue.addAfter`: a queued
 * key cannot say whether it came from the timer or from an unrelated update,
 * and Node measures timers from the event loop's cached clock, so one may
 * fire before `Date.now()` says it is due. Comparing clocks would then
 * strand plans, or pile up a timer per update. Instead the timer marks its
 * plan due and adds the key; updates in between leave the plan alone as
 * long as its stage still matches, and drop it as soon as it does not.
 */
import { builtinKinds } from "../apis/index.js";
import type { KubeObject, Schema } from "../apis/types.js";
import { EventRecorder, WorkQueue, objectKey, type Informer, type ResourceClient } from "../client/index.js";
import { runController } from "../controllers/controller.js";
import type { ControllerContext } from "../controllers/index.js";
import { ApiError } from "../machinery/status.js";
import type { StageEnvironment } from "./functions.js";
import { applyNext } from "./next.js";
import { matchingStages, pickStage, refKey, stageDelay, type ResourceRef, type Stage } from "./stage.js";

export interface StageEngineOptions {
  readonly stages: readonly Stage[];
  /** Whether the engine may act on an object; the rest are ignored. */
  readonly belongs: (ref: ResourceRef, object: KubeObject) => boolean;
  readonly env: StageEnvironment;
}

/**
 * Concurrent syncs per resourceRef. Each waits on a store commit, and the writes issued in one
 * turn of the event loop share a commit, so a resourceRef advances at most this many objects
 * per turn: with 8, 10,000 pods waited on more than a thousand commits to start.
 */
const WORKERS = 32;

export type StageEngineResult = { readonly ok: true; readonly engine: StageEngine } | { readonly ok: false; readonly errors: readonly string[] };

interface Plan {
  readonly stage: Stage;
  due: boolean;
  timer: NodeJS.Timeout | undefined;
}

interface ControllerParts {
  readonly ref: ResourceRef;
  readonly stages: readonly Stage[];
  readonly informer: Informer;
  readonly resource: ResourceClient;
  readonly statusSchema: Schema | undefined;
}

/** One resourceRef's controller. */
class StageController {
  readonly #parts: ControllerParts;
  readonly #options: StageEngineOptions;
  readonly #recorder: EventRecorder;
  readonly #queue = new WorkQueue();
  readonly #plans = new Map<string, Plan>();

  constructor(parts: ControllerParts, options: StageEngineOptions, recorder: EventRecorder) {
    this.#parts = parts;
    this.#options = options;
    this.#recorder = recorder;
    parts.informer.addHandlers({
      onAdd: (object) => this.#consider(object),
      onUpdate: (_old, object) => this.#consider(object),
      onDelete: (object) => this.#drop(objectKey(object)),
    });
  }

  enqueue(key: string): void {
    this.#queue.add(key);
  }

  run(context: ControllerContext): void {
    context.signal.addEventListener("abort", () => {
      for (const key of [...this.#plans.keys()]) this.#drop(key);
    });
    const name = `fake-${this.#parts.ref.kind.toLowerCase()}-stages`;
    runController({ name, queue: this.#queue, sync: (key) => this.#sync(key), workers: WORKERS, log: context.log.child(name) }, context.signal);
  }

  /** Objects that stopped belonging are queued too, so their plans are dropped. */
  #consider(object: KubeObject): void {
    const key = objectKey(object);
    if (this.#plans.has(key) || this.#options.belongs(this.#parts.ref, object)) this.#queue.add(key);
  }

  #drop(key: string): void {
    const plan = this.#plans.get(key);
    if (plan?.timer) clearTimeout(plan.timer);
    this.#plans.delete(key);
  }

  async #sync(key: string): Promise<void> {
    const slash = key.indexOf("/");
    const object = this.#parts.informer.get(slash < 0 ? "" : key.slice(0, slash), key.slice(slash + 1));
    if (!object || !this.#options.belongs(this.#parts.ref, object)) {
      this.#drop(key);
      return;
    }
    const candidates = matchingStages(this.#parts.stages, object);
    const plan = this.#plans.get(key);
    if (plan && candidates.includes(plan.stage)) {
      if (!plan.due) return;
      // A failed write throws and keeps the plan due, so the retry applies it at once.
      await this.#apply(plan.stage, object);
      if (this.#plans.get(key) === plan) this.#plans.delete(key);
      return;
    }
    this.#drop(key);
    const stage = pickStage(candidates, Math.random);
    if (!stage) return;
    const delay = stageDelay(stage.delay, Math.random);
    if (delay === 0) {
      await this.#apply(stage, object);
      return;
    }
    const planned: Plan = { stage, due: false, timer: undefined };
    planned.timer = setTimeout(() => {
      planned.due = true;
      planned.timer = undefined;
      this.#queue.add(key);
    }, delay);
    planned.timer.unref();
    this.#plans.set(key, planned);
  }

  async #apply(stage: Stage, object: KubeObject): Promise<void> {
    const { resource, statusSchema } = this.#parts;
    const outcome = applyNext(stage.next, object, { env: this.#options.env, statusSchema });
    if (outcome.event) this.#recorder.record(object, outcome.event.type, outcome.event.reason, outcome.event.message);
    const { namespace = "", name = "", uid } = object.metadata;
    try {
      // Shallow copies suffice: the client never modifies what it is given.
      let current = object;
      if (outcome.finalizers) {
        current = await resource.update({ ...current, metadata: { ...current.metadata, finalizers: [...outcome.finalizers] } });
      }
      if (outcome.status !== undefined) await resource.updateStatus({ ...current, status: outcome.status }, { result: false });
      if (outcome.delete) {
        // The UID precondition keeps a stage from deleting a new object that took the old one's name.
        await resource.delete(namespace, name, { gracePeriodSeconds: 0, ...(uid ? { preconditions: { uid } } : {}) });
      }
    } catch (error: unknown) {
      // Gone already (a removed last finalizer deletes it): nothing left to do.
      if (error instanceof ApiError && error.code === 404) return;
      throw error;
    }
  }
}

export class StageEngine {
  readonly #controllers: ReadonlyMap<string, StageController>;

  constructor(controllers: ReadonlyMap<string, StageController>) {
    this.#controllers = controllers;
  }

  /** Re-examines one object of a kind the engine drives (e.g. a pod whose node just became fake). */
  enqueue(ref: ResourceRef, key: string): void {
    this.#controllers.get(refKey(ref))?.enqueue(key);
  }

  handles(ref: ResourceRef): boolean {
    return this.#controllers.has(refKey(ref));
  }
}

function statusSchemaOf(ref: ResourceRef): Schema | undefined {
  return builtinKinds.find((k) => k.group === ref.apiGroup && k.kind === ref.kind)?.schema.properties?.status;
}

/**
 * Registers one controller per resourceRef on the shared informers and
 * starts their workers. Call before the informer factory starts. A stage
 * naming a kind the API does not serve is an error, returned as a value.
 */
export function startStageEngine(context: ControllerContext, options: StageEngineOptions): StageEngineResult {
  const groups = new Map<string, Stage[]>();
  for (const stage of options.stages) groups.set(refKey(stage.resourceRef), [...(groups.get(refKey(stage.resourceRef)) ?? []), stage]);
  const parts: ControllerParts[] = [];
  const errors: string[] = [];
  for (const stages of groups.values()) {
    const ref = (stages[0] as Stage).resourceRef;
    try {
      const resource = context.client.resource(ref.apiGroup, ref.kind);
      parts.push({ ref, stages, resource, informer: context.informers.forKind(ref.apiGroup, ref.kind), statusSchema: statusSchemaOf(ref) });
    } catch (error: unknown) {
      errors.push(`stages ${stages.map((s) => s.name).join(", ")}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  const recorder = new EventRecorder(context.client, { component: "kubelet", log: context.log.child("fake-events") });
  const controllers = new Map<string, StageController>();
  for (const part of parts) {
    const controller = new StageController(part, options, recorder);
    controller.run(context);
    controllers.set(refKey(part.ref), controller);
  }
  return { ok: true, engine: new StageEngine(controllers) };
}
