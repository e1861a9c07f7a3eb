/**
 * What a write through a pod's status subresource is checked for: upstream's
 * ValidatePodStatusUpdate. The spec is carried over from the stored pod on such
 * a write, so the spec rules (valid once, on create or update) are not run
 * again: the kubelet and the fake nodes write a pod's status several times in
 * its life, and re-validating the whole spec each time was a tenth of the
 * server's work per pod.
 */
import { forbidden, invalid, type FieldError } from "../../machinery/field-errors.js";
import { isIPv6, validateIP } from "./core-validation.js";
import type { PodSpec } from "./pod-types.js";
import { validateDNS1123Subdomain, validateQualifiedName } from "./validation-helpers.js";

interface ContainerStatusView {
  name?: string;
  state?: { terminated?: { exitCode?: number } };
}

interface PodStatusView {
  conditions?: { type?: string }[];
  nominatedNodeName?: string;
  hostIP?: string;
  podIPs?: { ip?: string }[];
  hostIPs?: { ip?: string }[];
  containerStatuses?: ContainerStatusView[];
  initContainerStatuses?: ContainerStatusView[];
  ephemeralContainerStatuses?: ContainerStatusView[];
}

/** Condition types of the system, which need not be qualified names. */
const SYSTEM_CONDITIONS = new Set(["PodScheduled", "Ready", "Initialized"]);

export function validatePodStatusUpdate(status: PodStatusView, old: PodStatusView, spec: PodSpec): FieldError[] {
  const errors: FieldError[] = [];
  // Upstream names these under metadata, with a capital "Type"; kept as clients see it there.
  (status.conditions ?? []).forEach((condition, i) => {
    const type = condition.type ?? "";
    if (!SYSTEM_CONDITIONS.has(type)) errors.push(...validateQualifiedName(type, `metadata.conditions[${i}].Type`));
  });
  const nominated = status.nominatedNodeName ?? "";
  if (nominated !== (old.nominatedNodeName ?? "") && nominated !== "") errors.push(...validateDNS1123Subdomain(nominated, "status.nominatedNodeName"));
  const restartPolicy = spec.restartPolicy ?? "Always";
  const restartable = (name: string | undefined): boolean => spec.initContainers?.find((c) => c.name === name)?.restartPolicy === "Always";
  errors.push(...terminatedStaysTerminated(status.containerStatuses, old.containerStatuses, "status.containerStatuses", restartPolicy, () => false));
  errors.push(...terminatedStaysTerminated(status.initContainerStatuses, old.initContainerStatuses, "status.initContainerStatuses", restartPolicy, restartable));
  // The kubelet never restarts an ephemeral container: as if its policy were Never.
  errors.push(...terminatedStaysTerminated(status.ephemeralContainerStatuses, old.ephemeralContainerStatuses, "status.ephemeralContainerStatuses", "Never", () => false));
  errors.push(...validateIPList(status.podIPs, "status.podIPs"));
  const hostIP = status.hostIP ?? "";
  if (hostIP !== "" && status.hostIPs?.[0]?.ip !== hostIP) errors.push(invalid("status.hostIPs[0].ip", status.hostIPs ?? null, "must be equal to `hostIP`"));
  errors.push(...validateIPList(status.hostIPs, "status.hostIPs"));
  return errors;
}

/**
 * Whether a container that terminated with `exitCode` may leave that state: its pod's policy
 * restarts it (Always; OnFailure after a failure), or it is a sidecar. The kubelet keeps the
 * terminated state of the others, since a status write that drops it is refused.
 */
export function mayLeaveTerminated(restartPolicy: string, exitCode: number, sidecar: boolean): boolean {
  return restartPolicy === "Always" || sidecar || (restartPolicy === "OnFailure" && exitCode !== 0);
}

/** A container that will not be restarted may not leave the terminated state (see mayLeaveTerminated). */
function terminatedStaysTerminated(
  statuses: readonly ContainerStatusView[] | undefined,
  oldStatuses: readonly ContainerStatusView[] | undefined,
  field: string,
  restartPolicy: string,
  restartable: (name: string | undefined) => boolean,
): FieldError[] {
  if (restartPolicy === "Always") return [];
  const errors: FieldError[] = [];
  (oldStatuses ?? []).forEach((old, i) => {
    const terminated = old.state?.terminated;
    if (!terminated || mayLeaveTerminated(restartPolicy, terminated.exitCode ?? 0, restartable(old.name))) return;
    for (const status of statuses ?? []) {
      if (status.name === old.name && !status.state?.terminated) errors.push(forbidden(`${field}[${i}].state`, "may not be transitioned to non-terminated state"));
    }
  });
  return errors;
}

/** Pod and host IPs: each a valid address, and at most one of each family. */
function validateIPList(ips: readonly { ip?: string }[] | undefined, field: string): FieldError[] {
  if (!ips?.length) return [];
  const errors = ips.flatMap((entry, i) => validateIP(entry.ip ?? "", `${field}[${i}].ip`));
  if (errors.length || ips.length === 1) return errors;
  const families = new Set(ips.map((entry) => (isIPv6(entry.ip ?? "") ? 6 : 4)));
  if (ips.length > 2 || families.size !== ips.length) errors.push(invalid(field, ips, "may specify no more than one IP for each IP family"));
  return errors;
}
