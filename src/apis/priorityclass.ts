/**
 * PriorityClass (scheduling.k8s.io/v1): a named pod priority. Pods refer to
 * one by spec.priorityClassName; the scheduler preempts lower-priority pods
 * for higher ones. Names starting with `system-` belong to the two classes
 * the cluster creates itself.
 */
import { forbidden, immutable, type FieldError } from "../machinery/field-errors.js";
import { ageColumn, nameColumn } from "./columns.js";
import { validateOneOf } from "./common/core-validation.js";
import { objectSchema } from "./common/meta.js";
import { boolean, enumString, int32, string } from "./common/schema-builders.js";
import type { KindDefinition, KubeObject } from "./types.js";

interface PriorityClass extends KubeObject {
  value?: number;
  globalDefault?: boolean;
  description?: string;
  preemptionPolicy?: string;
}

const PREEMPTION_POLICIES = ["PreemptLowerPriority", "Never"];
const SYSTEM_PREFIX = "system-";
/** User classes stay below the system ones (scheduling.HighestUserDefinablePriority). */
const HIGHEST_USER_DEFINABLE_PRIORITY = 1_000_000_000;
const SYSTEM_CRITICAL_PRIORITY = 2 * HIGHEST_USER_DEFINABLE_PRIORITY;

function systemClass(name: string, value: number, description: string): PriorityClass {
  return { apiVersion: "scheduling.k8s.io/v1", kind: "PriorityClass", metadata: { name }, value, globalDefault: false, description };
}

/** The classes every cluster has, as upstream's apiserver creates them at start. */
export const SYSTEM_PRIORITY_CLASSES: readonly PriorityClass[] = [
  systemClass(
    "system-node-critical",
    SYSTEM_CRITICAL_PRIORITY + 1000,
    "Used for system critical pods that must not be moved from their current node.",
  ),
  systemClass(
    "system-cluster-critical",
    SYSTEM_CRITICAL_PRIORITY,
    "Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.",
  ),
];

const schema = objectSchema(
  "A named priority that pods refer to, and whether pods with it may preempt others.",
  {
    description: string("Free text telling users when to use this class."),
    globalDefault: boolean("Whether pods without a priorityClassName get this class; at most one class should set it."),
    preemptionPolicy: enumString(["Never", "PreemptLowerPriority"], "Whether pods of this class may preempt lower-priority pods: PreemptLowerPriority (default) or Never."),
    value: int32("The priority; higher wins. User classes may go up to 1000000000."),
  },
  ["value"],
);

/** Why a `system-` name is not one of the known system classes, as upstream's IsKnownSystemPriorityClass says. */
function systemClassProblem(priorityClass: PriorityClass): string | undefined {
  const name = priorityClass.metadata.name ?? "";
  const known = SYSTEM_PRIORITY_CLASSES.find((candidate) => candidate.metadata.name === name);
  if (!known) return `${name} is not a known system priority class`;
  if ((priorityClass.value ?? 0) !== known.value) return `value of ${name} PriorityClass must be ${known.value}`;
  if ((priorityClass.globalDefault ?? false) !== known.globalDefault) return `globalDefault of ${name} PriorityClass must be ${known.globalDefault}`;
  return undefined;
}

function validatePriorityClass(priorityClass: PriorityClass): FieldError[] {
  const errors: FieldError[] = [];
  if ((priorityClass.metadata.name ?? "").startsWith(SYSTEM_PREFIX)) {
    const problem = systemClassProblem(priorityClass);
    if (problem) {
      errors.push(forbidden("metadata.name", `priority class names with '${SYSTEM_PREFIX}' prefix are reserved for system use only. error: ${problem}`));
    }
  } else if ((priorityClass.value ?? 0) > HIGHEST_USER_DEFINABLE_PRIORITY) {
    errors.push(forbidden("value", `maximum allowed value of a user defined priority is ${HIGHEST_USER_DEFINABLE_PRIORITY}`));
  }
  if (priorityClass.preemptionPolicy !== undefined) {
    errors.push(...validateOneOf(priorityClass.preemptionPolicy, PREEMPTION_POLICIES, "preemptionPolicy"));
  }
  return errors;
}

function validatePriorityClassUpdate(priorityClass: PriorityClass, old: PriorityClass): FieldError[] {
  const errors: FieldError[] = [];
  if ((priorityClass.value ?? 0) !== (old.value ?? 0)) errors.push(forbidden("value", "may not be changed in an update."));
  if (priorityClass.preemptionPolicy !== old.preemptionPolicy) errors.push(immutable("preemptionPolicy", priorityClass.preemptionPolicy));
  return errors;
}

export const priorityClassKind = {
  group: "scheduling.k8s.io",
  version: "v1",
  kind: "PriorityClass",
  listKind: "PriorityClassList",
  plural: "priorityclasses",
  singular: "priorityclass",
  shortNames: ["pc"],
  categories: [],
  namespaced: false,
  schema,
  tracksGeneration: false,
  subresources: { status: false },
  strategy: {
    defaults: (object) => {
      (object as PriorityClass).preemptionPolicy ??= "PreemptLowerPriority";
    },
    validate: (object) => validatePriorityClass(object as PriorityClass),
    validateUpdate: (object, old) => validatePriorityClassUpdate(object as PriorityClass, old as PriorityClass),
  },
  columns: [
    nameColumn,
    {
      name: "Value",
      type: "integer",
      description: "The priority pods of this class get.",
      priority: 0,
      cell: (object) => (object as PriorityClass).value ?? 0,
    },
    {
      name: "Global-Default",
      type: "boolean",
      description: "Whether pods without a class get this one.",
      priority: 0,
      cell: (object) => (object as PriorityClass).globalDefault ?? false,
    },
    ageColumn,
    {
      name: "PreemptionPolicy",
      type: "string",
      description: "Whether pods of this class may preempt lower-priority pods.",
      priority: 0,
      cell: (object) => (object as PriorityClass).preemptionPolicy ?? "",
    },
  ],
} satisfies KindDefinition;
