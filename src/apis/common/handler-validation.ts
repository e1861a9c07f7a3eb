/**
 * Probes and lifecycle hooks: exactly one handler each, with valid ports,
 * paths and schemes, and the per-probe rules (liveness and startup probes
 * must succeed once; readiness probes have no grace period of their own).
 */
import { forbidden, invalid, notSupported, required, type FieldError } from "../../machinery/field-errors.js";
import type { Container, Handler, Probe } from "./pod-types.js";
import { each, httpHeaderNameProblems, nonNegative, validatePortNumOrName } from "./validation-helpers.js";

type HandlerKind = "exec" | "httpGet" | "tcpSocket" | "grpc" | "sleep";

const PROBE_HANDLERS: readonly HandlerKind[] = ["exec", "httpGet", "tcpSocket", "grpc"];
const LIFECYCLE_HANDLERS: readonly HandlerKind[] = ["exec", "httpGet", "tcpSocket", "sleep"];

function validateAction(handler: Handler, kind: HandlerKind, field: string, gracePeriod: number | undefined): FieldError[] {
  switch (kind) {
    case "exec":
      return handler.exec?.command?.length ? [] : [required(`${field}.command`)];
    case "httpGet": {
      const http = handler.httpGet ?? {};
      const errors = http.path ? [] : [required(`${field}.path`)];
      errors.push(...validatePortNumOrName(http.port, `${field}.port`));
      if (http.scheme !== "HTTP" && http.scheme !== "HTTPS") errors.push(notSupported(`${field}.scheme`, http.scheme ?? "", ["HTTP", "HTTPS"]));
      for (const header of http.httpHeaders ?? []) {
        errors.push(...each(httpHeaderNameProblems(header.name ?? ""), `${field}.httpHeaders`, header.name ?? ""));
      }
      return errors;
    }
    case "tcpSocket":
      return validatePortNumOrName(handler.tcpSocket?.port, `${field}.port`);
    case "grpc":
      return validatePortNumOrName(handler.grpc?.port ?? 0, `${field}.port`);
    case "sleep": {
      const seconds = handler.sleep?.seconds ?? 0;
      if (gracePeriod === undefined || (seconds > 0 && seconds <= gracePeriod)) return [];
      return [
        invalid(
          field,
          seconds,
          `must be greater than 0 and less than terminationGracePeriodSeconds (${gracePeriod}). Enable AllowPodLifecycleSleepActionZeroValue feature gate for zero sleep.`,
        ),
      ];
    }
  }
}

/** Exactly one of the allowed handler kinds, each checked; later ones are reported as extra. */
function validateHandler(handler: Handler, allowed: readonly HandlerKind[], field: string, gracePeriod: number | undefined): FieldError[] {
  const errors: FieldError[] = [];
  let found = 0;
  for (const kind of allowed) {
    if (handler[kind] === undefined || handler[kind] === null) continue;
    if (found++ > 0) errors.push(forbidden(`${field}.${kind}`, "may not specify more than 1 handler type"));
    else errors.push(...validateAction(handler, kind, `${field}.${kind}`, gracePeriod));
  }
  if (found === 0) errors.push(required(field, "must specify a handler type"));
  return errors;
}

function validateProbe(probe: Probe, field: string, gracePeriod: number | undefined): FieldError[] {
  const errors = validateHandler(probe, PROBE_HANDLERS, field, gracePeriod);
  for (const name of ["initialDelaySeconds", "timeoutSeconds", "periodSeconds", "successThreshold", "failureThreshold"] as const) {
    errors.push(...nonNegative(`${field}.${name}`, probe[name]));
  }
  const grace = probe.terminationGracePeriodSeconds;
  if (grace !== undefined && grace <= 0) errors.push(invalid(`${field}.terminationGracePeriodSeconds`, grace, "must be greater than 0"));
  return errors;
}

/** The probes and lifecycle of an app container or a sidecar (restartable init container). */
export function validateProbesAndLifecycle(container: Container, field: string, gracePeriod: number | undefined): FieldError[] {
  const errors: FieldError[] = [];
  const { lifecycle, livenessProbe, readinessProbe, startupProbe } = container;
  if (lifecycle?.postStart) errors.push(...validateHandler(lifecycle.postStart, LIFECYCLE_HANDLERS, `${field}.lifecycle.postStart`, gracePeriod));
  if (lifecycle?.preStop) errors.push(...validateHandler(lifecycle.preStop, LIFECYCLE_HANDLERS, `${field}.lifecycle.preStop`, gracePeriod));
  for (const [name, probe] of [
    ["livenessProbe", livenessProbe],
    ["startupProbe", startupProbe],
  ] as const) {
    if (!probe) continue;
    errors.push(...validateProbe(probe, `${field}.${name}`, gracePeriod));
    if (probe.successThreshold !== 1) errors.push(invalid(`${field}.${name}.successThreshold`, probe.successThreshold ?? 0, "must be 1"));
  }
  if (readinessProbe) {
    errors.push(...validateProbe(readinessProbe, `${field}.readinessProbe`, gracePeriod));
    if (readinessProbe.terminationGracePeriodSeconds !== undefined) {
      errors.push(
        invalid(`${field}.readinessProbe.terminationGracePeriodSeconds`, readinessProbe.terminationGracePeriodSeconds, "must not be set for readinessProbes"),
      );
    }
  }
  return errors;
}
