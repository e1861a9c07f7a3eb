/**
 * Test kit for custom resources: a registry on an in-memory store with
 * namespaces and CustomResourceDefinitions, the definitions being served.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { customResourceDefinitionKind } from "../../apis/customresourcedefinition.js";
import { namespaceKind } from "../../apis/namespace.js";
import type { KubeObject } from "../../apis/types.js";
import { createLogger } from "../../log.js";
import { openSqliteBackend } from "../../store/index.js";
import type { Backend } from "../../store/types.js";
import { Registry } from "../registry/index.js";
import { serveCustomResources } from "./index.js";

export const WRITE = { dryRun: false, fieldValidation: "Strict" } as const;
const log = createLogger("crd-test", { level: "error" });

export function widgetDefinition(versions: readonly string[] = ["v1"], spec: Record<string, unknown> = { size: { type: "integer" } }, kind = "Widget", plural = "widgets"): KubeObject {
  return {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: `${plural}.example.dev` },
    spec: {
      group: "example.dev",
      scope: "Namespaced",
      names: { plural, kind },
      versions: versions.map((name, index) => ({
        name,
        served: true,
        storage: index === 0,
        schema: { openAPIV3Schema: { type: "object", properties: { spec: { type: "object", properties: spec } } } },
      })),
    },
  };
}

export async function eventually<T>(what: string, probe: () => Promise<T | undefined> | T | undefined): Promise<T> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await sleep(10);
  }
}

export async function cluster(t: { after: (fn: () => Promise<void>) => void }, backend?: Backend) {
  const store = backend ?? (await openSqliteBackend({ path: ":memory:" }));
  const registry = new Registry(store, [namespaceKind, customResourceDefinitionKind]);
  const stop = new AbortController();
  t.after(async () => {
    stop.abort();
    if (!backend) await store.close();
  });
  if (!backend) await registry.forKind("", "Namespace").create("", { apiVersion: "v1", kind: "Namespace", metadata: { name: "default" } }, WRITE);
  await serveCustomResources({ registry, log, signal: stop.signal });
  const definitions = registry.forKind("apiextensions.k8s.io", "CustomResourceDefinition");
  return { registry, definitions, backend: store, stop };
}

export function widget(name: string, spec: Record<string, unknown>, version = "v1"): KubeObject {
  return { apiVersion: `example.dev/${version}`, kind: "Widget", metadata: { name }, spec };
}

export function conditions(object: KubeObject): Record<string, string> {
  const list = ((object.status as { conditions?: { type: string; status: string; reason: string }[] } | undefined)?.conditions ?? []);
  return Object.fromEntries(list.map((c) => [c.type, `${c.status}/${c.reason}`]));
}
