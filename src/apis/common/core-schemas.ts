/**
 * Schema fragments of the core networking and config kinds, on top of the
 * shared builders in schema-builders.ts: list shapes with upstream's merge
 * extensions (`mapList` merges items by their first key, as Service ports
 * merge by `port`), byte maps, protocols, and metav1.Condition.
 */
import type { Schema } from "../types.js";
import { dateTime, describe, enumString, int64, list, object, string } from "./schema-builders.js";

/** A struct with its field description, in one call. */
export function objectField(description: string, properties: Record<string, Schema>, required: readonly string[] = []): Schema {
  return describe(object(properties, required), description);
}

/** A map of base64-encoded byte strings (Secret.data, ConfigMap.binaryData). */
export function bytesMap(description: string): Schema {
  return { type: "object", description, additionalProperties: { type: "string", format: "byte" } };
}

export function atomicList(items: Schema, description: string): Schema {
  return list(items, description, { type: "atomic" });
}

export function stringList(description: string): Schema {
  return atomicList({ type: "string" }, description);
}

/** A list of unique strings; with `merge`, strategic merge patch unions it. */
export function setList(description: string, options: { merge?: boolean } = {}): Schema {
  return list({ type: "string" }, description, { type: "set", ...(options.merge ? { strategy: "merge" } : {}) });
}

/** A list of objects identified by `keys`; strategic merge patch merges items by the first key. */
export function mapList(items: Schema, description: string, keys: readonly [string, ...string[]]): Schema {
  return list(items, description, { type: "map", keys, mergeKey: keys[0], strategy: "merge" });
}

export const PROTOCOLS = ["SCTP", "TCP", "UDP"] as const;

export function protocolField(description: string): Schema {
  return enumString(PROTOCOLS, description);
}

export function appProtocolField(): Schema {
  return string("Application protocol hint: an IANA service name or a prefixed name such as kubernetes.io/h2c.");
}

/** metav1.Condition, the standard shape of status.conditions, as a list keyed by type. */
export function conditionsField(description: string): Schema {
  const condition = objectField(
    "One observed aspect of the object's state.",
    {
      lastTransitionTime: dateTime("When the status last changed."),
      message: string("Human-readable detail about the transition."),
      observedGeneration: int64("The metadata.generation the condition was computed from."),
      reason: string("Machine-readable CamelCase reason for the last transition."),
      status: string("True, False or Unknown."),
      type: string("Condition type in CamelCase, e.g. Ready."),
    },
    ["type", "status", "lastTransitionTime", "reason", "message"],
  );
  return mapList(condition, description, ["type"]);
}
