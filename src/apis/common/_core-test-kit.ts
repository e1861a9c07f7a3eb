/**
 * Test helpers for the core kinds: run a kind's strategy hooks in the order
 * the registry calls them, and render field errors the way kubectl prints
 * causes (`spec.ports[0].port: Invalid value: 0: …`) so cases compare as text.
 */
import type { FieldError } from "../../machinery/field-errors.js";
import type { KindDefinition, KubeObject } from "../types.js";
import { cloneJson } from "../../machinery/clone.js";

export const NOW = new Date("2025-01-01T12:00:00Z");

/** A timestamp `seconds` before NOW. */
export function ago(seconds: number): string {
  return new Date(NOW.getTime() - seconds * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
}

export function object(kind: KindDefinition, fields: Record<string, unknown>, name = "x"): KubeObject {
  const apiVersion = kind.group ? `${kind.group}/${kind.version}` : kind.version;
  const metadata = { name, ...(kind.namespaced ? { namespace: "default" } : {}), creationTimestamp: ago(300) };
  return { apiVersion, kind: kind.kind, ...cloneJson(fields), metadata: { ...metadata, ...(fields.metadata as object | undefined) } };
}

export function causes(errors: readonly FieldError[]): string[] {
  return errors.map((error) => `${error.field}: ${error.message}`);
}

/** defaults → prepareForCreate → validate; returns the stored object and the causes. */
export function create(kind: KindDefinition, input: KubeObject): { object: KubeObject; errors: string[] } {
  const created = cloneJson(input);
  kind.strategy.defaults?.(created);
  kind.strategy.prepareForCreate?.(created);
  return { object: created, errors: causes(kind.strategy.validate?.(created) ?? []) };
}

/** defaults → prepareForUpdate → validate → validateUpdate against `old`. */
export function update(kind: KindDefinition, input: KubeObject, old: KubeObject): { object: KubeObject; errors: string[] } {
  const next = cloneJson(input);
  kind.strategy.defaults?.(next);
  kind.strategy.prepareForUpdate?.(next, old);
  const errors = [...(kind.strategy.validate?.(next) ?? []), ...(kind.strategy.validateUpdate?.(next, old) ?? [])];
  return { object: next, errors: causes(errors) };
}

/** The row kubectl would print: every cell, wide columns included. */
export function row(kind: KindDefinition, value: KubeObject): (string | number | boolean | null)[] {
  return kind.columns.map((column) => column.cell(value, NOW));
}
