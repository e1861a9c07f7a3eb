/**
 * Test helpers: run a kind's strategy the way the registry does (create:
 * defaults, prepareForCreate, validate; update: defaults, prepareForUpdate,
 * validate, validateUpdate) and read the results.
 */
import type { FieldError } from "../../machinery/field-errors.js";
import type { KindDefinition, KubeObject } from "../types.js";
import { cloneJson } from "../../machinery/clone.js";

export interface Outcome {
  readonly object: KubeObject;
  readonly errors: FieldError[];
}

export function create(kind: KindDefinition, input: unknown): Outcome {
  const object = cloneJson(input) as KubeObject;
  object.metadata.uid ??= "00000000-0000-0000-0000-000000000001";
  const { strategy } = kind;
  strategy.defaults?.(object);
  strategy.prepareForCreate?.(object);
  return { object, errors: strategy.validate?.(object) ?? [] };
}

export function update(kind: KindDefinition, old: KubeObject, input: unknown): Outcome {
  const object = cloneJson(input) as KubeObject;
  const { strategy } = kind;
  strategy.defaults?.(object);
  strategy.prepareForUpdate?.(object, old);
  const errors = [...(strategy.validate?.(object) ?? []), ...(strategy.validateUpdate?.(object, old) ?? [])];
  return { object, errors };
}

/** Errors as `field: message` lines, the way kubectl lists causes. */
export function describeErrors(errors: readonly FieldError[]): string[] {
  return errors.map((error) => `${error.field}: ${error.message}`);
}

/** The cells of a row: all columns, or only those of priority 0 (no `-o wide`). */
export function row(kind: KindDefinition, object: KubeObject, now: Date, wide = true): unknown[] {
  return kind.columns.filter((column) => wide || column.priority === 0).map((column) => column.cell(object, now));
}
