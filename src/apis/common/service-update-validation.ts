/**
 * What a Service update may not change (upstream's ValidateServiceUpdate):
 * the primary cluster IP and IP family, the load balancer class, and an
 * allocated health check node port.
 */
import { forbidden, invalid, type FieldError } from "../../machinery/field-errors.js";
import { isHeadless, needsHealthCheck, type Service, type ServiceSpec } from "./service-model.js";

/**
 * Cluster IPs and IP families may gain or lose a secondary entry (a
 * dual-stack upgrade or downgrade), but the primary never changes, except
 * to, from or on ExternalName, and for headless services. The values in the
 * messages copy upstream's, which reports clusterIPs for most family errors.
 */
function validateDualStackChange(spec: ServiceSpec, old: ServiceSpec, list: "clusterIPs" | "ipFamilies"): FieldError[] {
  if (spec.type === "ExternalName" || old.type === "ExternalName") return [];
  const headless = [isHeadless(spec), isHeadless(old)];
  if (list === "clusterIPs" ? headless.every(Boolean) : headless.some(Boolean)) return [];
  const before = old[list] ?? [];
  const after = spec[list] ?? [];
  const singular = list === "clusterIPs" ? "clusterIP" : "ipFamily";
  const changed = (index: number, value: unknown) => invalid(`spec.${list}[${index}]`, value, "may not change once set");
  const errors: FieldError[] = [];
  if (before.length === after.length) {
    before.forEach((value, i) => value !== after[i] && errors.push(changed(list === "clusterIPs" ? i : 0, after)));
  } else if (before.length > after.length) {
    // Upstream looks at clusterIPs to decide whether a primary remains, for both lists.
    if (!spec.clusterIPs?.length) errors.push(invalid(`spec.${list}[0]`, after, `primary ${singular} can not be unset`));
    if (after.length && after[0] !== before[0]) errors.push(changed(0, spec.clusterIPs ?? []));
    if (after.length === 1 && spec.ipFamilyPolicy !== "SingleStack") {
      const message = `must be set to 'SingleStack' when releasing the secondary ${singular}`;
      errors.push(invalid("spec.ipFamilyPolicy", spec.ipFamilyPolicy ?? null, message));
    }
  } else if (before.length && after[0] !== before[0]) {
    errors.push(changed(0, spec.clusterIPs ?? []));
  }
  return errors;
}

export function validateServiceUpdate(service: Service, old: Service): FieldError[] {
  const spec = service.spec ?? {};
  const oldSpec = old.spec ?? {};
  const errors = [...validateDualStackChange(spec, oldSpec, "clusterIPs"), ...validateDualStackChange(spec, oldSpec, "ipFamilies")];
  if (spec.type === "LoadBalancer" && oldSpec.type === "LoadBalancer" && spec.loadBalancerClass !== oldSpec.loadBalancerClass) {
    errors.push(invalid("spec.loadBalancerClass", spec.loadBalancerClass ?? null, "may not change once set"));
  }
  // Fixed once allocated; the controller allocates it after create.
  const allocated = oldSpec.healthCheckNodePort ?? 0;
  if (needsHealthCheck(spec) && needsHealthCheck(oldSpec) && allocated !== 0 && spec.healthCheckNodePort !== allocated) {
    errors.push(forbidden("spec.healthCheckNodePort", "field is immutable"));
  }
  return errors;
}

