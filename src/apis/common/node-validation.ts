/**
 * Node validation with upstream's rules and wording (ValidateNode and
 * ValidateNodeUpdate): taints, resource quantities, pod CIDRs, and what a
 * node update may not change.
 */
import { isDeepStrictEqual } from "node:util";
import { duplicate, forbidden, invalid, type FieldError } from "../../machinery/field-errors.js";
import { labelValueProblems, qualifiedNameProblems } from "../../machinery/validation.js";
import { cidrFamily, validateCIDR, validateOneOf } from "./core-validation.js";
import { parseQuantity, QUANTITY_FORMAT_MESSAGE } from "./quantity.js";
import { each } from "./validation-helpers.js";
import type { KubeObject } from "../types.js";

interface Taint {
  key?: string;
  value?: string;
  effect?: string;
  timeAdded?: string;
}

interface NodeAddress {
  type?: string;
  address?: string;
}

interface NodeCondition {
  type?: string;
  status?: string;
}

type ResourceList = Record<string, string | number>;

export interface Node extends KubeObject {
  spec?: {
    podCIDR?: string;
    podCIDRs?: string[];
    providerID?: string;
    unschedulable?: boolean;
    taints?: Taint[];
    configSource?: unknown;
    externalID?: string;
  };
  status?: {
    capacity?: ResourceList;
    allocatable?: ResourceList;
    conditions?: NodeCondition[];
    addresses?: NodeAddress[];
    config?: unknown;
    nodeInfo?: { kubeletVersion?: string; osImage?: string; kernelVersion?: string; containerRuntimeVersion?: string };
  };
}

export const TAINT_EFFECTS = ["NoSchedule", "PreferNoSchedule", "NoExecute"] as const;

/** Pods and extended resources (`example.com/gpu`) are counted in whole units. */
function isIntegerResource(name: string): boolean {
  return name === "pods" || (name.includes("/") && !name.includes("kubernetes.io/") && !name.startsWith("requests."));
}

function validateResources(resources: ResourceList | undefined, field: string): FieldError[] {
  return Object.entries(resources ?? {}).flatMap(([name, quantity]) => {
    const path = `${field}.${name}`;
    const value = parseQuantity(quantity);
    if (value === undefined) return [invalid(path, quantity, QUANTITY_FORMAT_MESSAGE)];
    if (value < 0) return [invalid(path, String(quantity), "must be greater than or equal to 0")];
    // Whole units, at the milli precision quantities keep.
    return isIntegerResource(name) && Math.round(value * 1000) % 1000 !== 0 ? [invalid(path, quantity, "must be an integer")] : [];
  });
}

function validateTaints(taints: readonly Taint[]): FieldError[] {
  // Upstream reports node taints under metadata, not spec; users see that path.
  const field = "metadata.taints";
  const seen = new Set<string>();
  return taints.flatMap((taint, i) => {
    const path = `${field}[${i}]`;
    const key = taint.key ?? "";
    const effect = taint.effect ?? "";
    const errors = each(qualifiedNameProblems(key), `${path}.key`, key);
    const valueProblems = labelValueProblems(taint.value ?? "");
    if (valueProblems.length) errors.push(invalid(`${path}.value`, taint.value ?? "", valueProblems.join(";")));
    errors.push(...validateOneOf(effect, TAINT_EFFECTS, `${path}.effect`));
    const identity = JSON.stringify([key, effect]);
    if (seen.has(identity)) {
      errors.push({
        reason: "FieldValueDuplicate",
        field: path,
        message: `Duplicate value: ${JSON.stringify(taint)}: taints must be unique by key and effect pair`,
      });
    }
    seen.add(identity);
    return errors;
  });
}

function validatePodCIDRs(cidrs: readonly string[]): FieldError[] {
  const field = "spec.podCIDRs";
  const errors = cidrs.flatMap((cidr, i) => validateCIDR(cidr, `${field}[${i}]`));
  if (cidrs.length < 2) return errors;
  const families = cidrs.map(cidrFamily);
  const dualStack = families.includes("IPv4") && families.includes("IPv6");
  if (!dualStack || cidrs.length > 2) errors.push(invalid(field, cidrs, "may specify no more than one CIDR for each IP family"));
  cidrs.forEach((cidr, i) => {
    if (cidrs.indexOf(cidr) < i) errors.push(duplicate(`${field}[${i}]`, cidr));
  });
  return errors;
}

export function validateNode(node: Node): FieldError[] {
  return [
    ...validateTaints(node.spec?.taints ?? []),
    ...validateResources(node.status?.capacity, "status.capacity"),
    ...validateResources(node.status?.allocatable, "status.allocatable"),
    ...validatePodCIDRs(node.spec?.podCIDRs ?? []),
  ];
}

export function validateNodeUpdate(node: Node, old: Node): FieldError[] {
  const errors: FieldError[] = [];
  const addresses = node.status?.addresses ?? [];
  addresses.forEach((address, i) => {
    if (addresses.findIndex((other) => isDeepStrictEqual(other, address)) < i) {
      errors.push(duplicate(`status.addresses[${i}]`, address));
    }
  });
  // The node IPAM controller may assign pod CIDRs once; after that they are fixed.
  const oldCIDRs = old.spec?.podCIDRs ?? [];
  const cidrs = node.spec?.podCIDRs ?? [];
  const cidrMessage = 'node updates may not change podCIDR except from "" to valid';
  if (oldCIDRs.length && oldCIDRs.length !== cidrs.length) errors.push(forbidden("spec.podCIDRs", cidrMessage));
  else oldCIDRs.forEach((cidr, i) => cidr !== cidrs[i] && errors.push(forbidden("spec.podCIDRs", cidrMessage)));
  const providerID = old.spec?.providerID;
  if (providerID && providerID !== node.spec?.providerID) {
    errors.push(forbidden("spec.providerID", 'node updates may not change providerID except from "" to valid'));
  }
  if ((node.spec?.externalID ?? "") !== (old.spec?.externalID ?? "")) errors.push(forbidden("spec.externalID", "may not be updated"));
  return errors;
}
