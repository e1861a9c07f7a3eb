/**
 * For reconcile tests: a real registry on an in-memory store, a client,
 * shared informers and one or more controller starters, running until
 * `stop`. Not a mock: validation, conflicts and finalizers all apply.
 */
import { builtinKinds } from "../../apis/index.js";
import type { KubeObject } from "../../apis/types.js";
import { Registry } from "../../api/registry/index.js";
import { Client, InformerFactory } from "../../client/index.js";
import { createLogger } from "../../log.js";
import { openSqliteBackend } from "../../store/index.js";
import type { ControllerContext } from "../index.js";

export interface TestCluster {
  readonly client: Client;
  /** For the controllers under test: their client, shared informers and stop signal. */
  readonly context: ControllerContext;
  /** Creates a namespace (most tests want one). */
  namespace(name: string): Promise<void>;
  /** Starts the shared informers; call after the starters registered their handlers. */
  start(): Promise<void>;
  /** Stops the controllers and gives a fresh context on the same store: a process restart. */
  restart(): ControllerContext;
  stop(): Promise<void>;
}

export async function testCluster(): Promise<TestCluster> {
  const backend = await openSqliteBackend({ path: ":memory:" });
  const client = new Client(new Registry(backend, builtinKinds));
  const log = createLogger("test", { level: "error" });
  let abort = new AbortController();
  const fresh = (): ControllerContext => ({ client, informers: new InformerFactory(client, log), log, signal: abort.signal });
  let context = fresh();
  return {
    client,
    get context() {
      return context;
    },
    namespace: async (name) => {
      await client.resource("", "Namespace").create("", { apiVersion: "v1", kind: "Namespace", metadata: { name } });
    },
    start: () => context.informers.start(context.signal),
    restart: () => {
      abort.abort();
      abort = new AbortController();
      context = fresh();
      return context;
    },
    stop: async () => {
      abort.abort();
      await backend.close();
    },
  };
}

/**
 * Polls `probe` until it returns a value other than undefined, or fails
 * after `timeoutMs`: tests wait for outcomes, never for fixed times.
 */
export async function eventually<T>(probe: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Waits until an Event with `reason` was recorded about the object (events are written in the background). */
export async function waitForEvent(client: Client, object: KubeObject, reason: string): Promise<void> {
  await eventually(async () => ((await eventReasons(client, object)).includes(reason) ? true : undefined), `a ${reason} event`);
}

/** The Events recorded about an object, by reason. */
export async function eventReasons(client: Client, object: KubeObject): Promise<string[]> {
  const { items } = await client.resource("", "Event").list({ namespace: object.metadata.namespace ?? "default" });
  return items
    .filter((event) => (event.involvedObject as { name?: string } | undefined)?.name === object.metadata.name)
    .map((event) => String(event.reason));
}
