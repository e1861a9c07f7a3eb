/**
 * Admission for Services: a requested cluster IP or node port that another
 * Service already holds is refused at write time with upstream's 422, as
 * kube-apiserver's allocators do. Free values are then handed out by the
 * service-ip controller, which also warns about conflicts it finds later.
 */
import type { KubeObject } from "../../apis/types.js";
import { invalid, type FieldError } from "../../machinery/field-errors.js";
import type { Admission } from "../registry/store.js";
import type { ResourceStore } from "../registry/store.js";
import { parseSelection } from "../registry/selection.js";

interface ServiceShape {
  spec?: { clusterIP?: string; clusterIPs?: string[]; ports?: { nodePort?: number }[] };
}

function held(service: KubeObject): { ips: Set<string>; ports: Set<number> } {
  const spec = (service as ServiceShape).spec ?? {};
  const ips = new Set([spec.clusterIP, ...(spec.clusterIPs ?? [])].filter((ip): ip is string => Boolean(ip) && ip !== "None"));
  const ports = new Set((spec.ports ?? []).map((p) => p.nodePort).filter((p): p is number => typeof p === "number" && p > 0));
  return { ips, ports };
}

/** Refuses values held by other Services; `services` is the Service store itself. */
export function serviceAllocationAdmission(services: ResourceStore): Admission {
  return async (object, old) => {
    const wanted = held(object);
    const before = old ? held(old) : { ips: new Set<string>(), ports: new Set<number>() };
    const newIps = [...wanted.ips].filter((ip) => !before.ips.has(ip));
    const newPorts = [...wanted.ports].filter((port) => !before.ports.has(port));
    if (newIps.length === 0 && newPorts.length === 0) return [];
    const page = await services.list("", { selection: parseSelection(services.kind, "", ""), resourceVersion: "", resourceVersionMatch: "", limit: 0, continueToken: "" });
    const taken = { ips: new Set<string>(), ports: new Set<number>() };
    for (const item of page.items) {
      const other = item.object;
      if (other.metadata.uid === object.metadata.uid) continue;
      const h = held(other);
      for (const ip of h.ips) taken.ips.add(ip);
      for (const port of h.ports) taken.ports.add(port);
    }
    const errors: FieldError[] = [];
    const ips = (object as ServiceShape).spec?.clusterIPs ?? [];
    for (const ip of newIps.filter((ip) => taken.ips.has(ip))) {
      errors.push(invalid("spec.clusterIPs", ips.length ? ips : [ip], `failed to allocate IP ${ip}: provided IP is already allocated`));
    }
    const ports = (object as ServiceShape).spec?.ports ?? [];
    ports.forEach((port, index) => {
      if (port.nodePort !== undefined && newPorts.includes(port.nodePort) && taken.ports.has(port.nodePort)) {
        errors.push(invalid(`spec.ports[${index}].nodePort`, port.nodePort, "provided port is already allocated"));
      }
    });
    return errors;
  };
}
