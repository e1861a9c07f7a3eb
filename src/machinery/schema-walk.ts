/**
 * Reading a kind's structural schema while walking an object beside it:
 * which schema describes a field or a list item, and what the strategic
 * merge patch extensions say about it. Strategic merge patch uses these;
 * server-side apply will walk the same way.
 */
import type { Schema } from "../apis/types.js";

/** The schema of `object[key]`: a declared property, else the map's value schema. */
export function fieldSchema(schema: Schema | undefined, key: string): Schema | undefined {
  const declared = schema?.properties && Object.hasOwn(schema.properties, key) ? schema.properties[key] : undefined;
  if (declared) return declared;
  const values = schema?.additionalProperties;
  return typeof values === "object" ? values : undefined;
}

/** The schema of every item of a list. */
export function itemSchema(schema: Schema | undefined): Schema | undefined {
  return schema?.items;
}

/**
 * How a field merges: `merge` (lists merge by key or as sets), `replace`
 * (the patch value wins whole), or undefined (the default: maps merge,
 * lists are replaced). `retainKeys` is not reported: the `$retainKeys`
 * directive carries its own list and applies wherever a patch sends it.
 */
export function patchStrategy(schema: Schema | undefined): "merge" | "replace" | undefined {
  const strategies = (schema?.["x-kubernetes-patch-strategy"] ?? "").split(",");
  if (strategies.includes("merge")) return "merge";
  if (strategies.includes("replace")) return "replace";
  return undefined;
}

/** The field that identifies the items of a merging list (`name` for containers). */
export function patchMergeKey(schema: Schema | undefined): string | undefined {
  return schema?.["x-kubernetes-patch-merge-key"];
}

/**
 * Whether the schema lists every field an object may have. Objects without
 * one (free-form maps, preserved unknown fields, no schema at all) may hold
 * any key, so nothing about a key can be judged from its spelling.
 */
export function declaresAllFields(schema: Schema | undefined): schema is Schema & { properties: Record<string, Schema> } {
  return (
    schema?.properties !== undefined &&
    schema["x-kubernetes-preserve-unknown-fields"] !== true &&
    (schema.additionalProperties === undefined || schema.additionalProperties === false)
  );
}
