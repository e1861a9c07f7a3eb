/**
 * The admission chain: which checks run on which kinds' writes. The registry
 * calls this once its stores exist; each admission lives in a file of its own.
 */
import type { Registry } from "../registry/index.js";
import { serviceAllocationAdmission } from "./service-allocations.js";

export function installAdmissions(registry: Registry): void {
  if (registry.kinds().some((k) => k.group === "" && k.kind === "Service")) {
    const services = registry.forKind("", "Service");
    services.addAdmission(serviceAllocationAdmission(services));
  }
}
