/**
 * The parts of a CustomResourceDefinition (apiextensions.k8s.io/v1) that
 * serving its resources reads, and the condition helpers its status uses.
 */
import type { KubeObject } from "../../apis/types.js";
import { timestamp } from "../registry/index.js";
import type { PrinterColumn } from "./columns.js";
import type { CrdSchema } from "./schema.js";

export interface CrdNames {
  plural: string;
  singular?: string;
  kind: string;
  listKind?: string;
  shortNames?: string[];
  categories?: string[];
}

export interface CrdVersion {
  name: string;
  served: boolean;
  storage: boolean;
  schema?: { openAPIV3Schema?: CrdSchema };
  subresources?: {
    status?: Record<string, never>;
    scale?: { specReplicasPath: string; statusReplicasPath: string; labelSelectorPath?: string };
  };
  additionalPrinterColumns?: PrinterColumn[];
  selectableFields?: { jsonPath: string }[];
}

export interface CrdCondition {
  type: string;
  status: "True" | "False" | "Unknown";
  lastTransitionTime?: string;
  reason: string;
  message: string;
}

export interface CrdStatus {
  conditions?: CrdCondition[];
  acceptedNames?: CrdNames;
  storedVersions?: string[];
}

export interface CustomResourceDefinition extends KubeObject {
  spec: { group: string; names: CrdNames; scope: "Namespaced" | "Cluster"; versions: CrdVersion[] };
  status?: CrdStatus;
}

export { CLEANUP_FINALIZER } from "../../apis/customresourcedefinition.js";

export function findCondition(status: CrdStatus | undefined, type: string): CrdCondition | undefined {
  return status?.conditions?.find((condition) => condition.type === type);
}

/** The conditions with `condition` set; the transition time moves only when its status changes. */
export function withCondition(conditions: readonly CrdCondition[] | undefined, condition: Omit<CrdCondition, "lastTransitionTime">): CrdCondition[] {
  const existing = conditions?.find((c) => c.type === condition.type);
  const lastTransitionTime = existing && existing.status === condition.status && existing.lastTransitionTime ? existing.lastTransitionTime : timestamp();
  const next: CrdCondition = { type: condition.type, status: condition.status, lastTransitionTime, reason: condition.reason, message: condition.message };
  return existing ? (conditions ?? []).map((c) => (c === existing ? next : c)) : [...(conditions ?? []), next];
}

export function storageVersion(crd: CustomResourceDefinition): string {
  return crd.spec.versions.find((version) => version.storage)?.name ?? crd.spec.versions[0]?.name ?? "";
}
