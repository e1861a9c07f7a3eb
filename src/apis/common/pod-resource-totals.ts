/**
 * A pod's total requests or limits as exact quantities (upstream's
 * PodRequests and PodLimits): app containers and sidecars (init containers
 * with restartPolicy Always) add up; each ordinary init container needs its
 * own amount plus the sidecars started before it; the larger of the two
 * wins; pod-level resources replace the sum for cpu and memory; the
 * RuntimeClass overhead comes on top (for limits, only where a limit is set).
 * Quota usage and LimitRange's Pod bounds read pods through this.
 */
import type { Container, PodSpec, ResourceList } from "./pod-types.js";
import { addQuantities, compareQuantities, toQuantity, type Quantity } from "./quantity-arithmetic.js";

export type QuantityList = Map<string, Quantity>;

/** The readable quantities of a ResourceList. */
export function quantityList(list: ResourceList | undefined): QuantityList {
  const result: QuantityList = new Map();
  for (const [name, raw] of Object.entries(list ?? {})) {
    const q = toQuantity(raw);
    if (q) result.set(name, q);
  }
  return result;
}

function addInto(target: QuantityList, delta: QuantityList): void {
  for (const [name, q] of delta) {
    const current = target.get(name);
    target.set(name, current ? addQuantities(current, q) : q);
  }
}

function maxInto(target: QuantityList, other: QuantityList): void {
  for (const [name, q] of other) {
    const current = target.get(name);
    if (!current || compareQuantities(q, current) > 0) target.set(name, q);
  }
}

const POD_LEVEL_RESOURCES = ["cpu", "memory"];

export function podResourceTotals(spec: PodSpec, which: "requests" | "limits"): QuantityList {
  const own = (container: Container) => quantityList(container.resources?.[which]);
  const total: QuantityList = new Map();
  for (const container of spec.containers ?? []) addInto(total, own(container));
  const sidecars: QuantityList = new Map();
  const initPeak: QuantityList = new Map();
  for (const container of spec.initContainers ?? []) {
    const amounts = own(container);
    if (container.restartPolicy === "Always") {
      addInto(total, amounts);
      addInto(sidecars, amounts);
      maxInto(initPeak, sidecars);
    } else {
      addInto(amounts, sidecars);
      maxInto(initPeak, amounts);
    }
  }
  maxInto(total, initPeak);
  const podLevel = quantityList(spec.resources?.[which]);
  for (const name of POD_LEVEL_RESOURCES) {
    const q = podLevel.get(name);
    if (q) total.set(name, q);
  }
  const overhead = quantityList(spec.overhead);
  for (const [name, q] of overhead) {
    const current = total.get(name);
    if (current) total.set(name, addQuantities(current, q));
    else if (which === "requests") total.set(name, q);
  }
  return total;
}
