/**
 * Which objects a stage applies to: exact labels, exact annotations, and
 * requirements on any field reached by a path (see path.ts). All must hold.
 * Operators follow label selectors: `In` needs one reached value in the
 * list, `NotIn` none (so a missing field is "not in"), `Exists` any value,
 * `DoesNotExist` none.
 */
import type { KubeObject } from "../apis/types.js";
import { evaluatePath, scalarText, type Path } from "./path.js";

export const OPERATORS = ["In", "NotIn", "Exists", "DoesNotExist"] as const;
export type Operator = (typeof OPERATORS)[number];

export interface FieldRequirement {
  readonly path: Path;
  readonly operator: Operator;
  readonly values: readonly string[];
}

export interface StageSelector {
  readonly matchLabels: Readonly<Record<string, string>>;
  readonly matchAnnotations: Readonly<Record<string, string>>;
  readonly matchExpressions: readonly FieldRequirement[];
}

function hasAll(actual: Readonly<Record<string, string>> | undefined, wanted: Readonly<Record<string, string>>): boolean {
  return Object.entries(wanted).every(([key, value]) => actual !== undefined && Object.hasOwn(actual, key) && actual[key] === value);
}

function requirementHolds({ path, operator, values }: FieldRequirement, object: KubeObject): boolean {
  const reached = evaluatePath(path, object);
  switch (operator) {
    case "In":
      return reached.some((value) => values.includes(scalarText(value) ?? ""));
    case "NotIn":
      return !reached.some((value) => values.includes(scalarText(value) ?? ""));
    case "Exists":
      return reached.length > 0;
    case "DoesNotExist":
      return reached.length === 0;
    default:
      return operator satisfies never;
  }
}

export function selectorMatches(selector: StageSelector, object: KubeObject): boolean {
  return (
    hasAll(object.metadata.labels, selector.matchLabels) &&
    hasAll(object.metadata.annotations, selector.matchAnnotations) &&
    selector.matchExpressions.every((requirement) => requirementHolds(requirement, object))
  );
}
