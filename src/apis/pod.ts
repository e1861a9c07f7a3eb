/**
 * v1 Pod: a group of containers scheduled together onto one node. Its spec
 * is fixed after creation except for the few fields upstream lets change;
 * status is written by the kubelet through the status subresource.
 */
import { forbidden, type FieldError } from "../machinery/field-errors.js";
import { objectSchema } from "./common/meta.js";
import { ensureSpec, specOf, statusOf } from "./common/object-fields.js";
import { validateImageWhitespace } from "./common/container-validation.js";
import { defaultPodOnlyFields } from "./common/pod-defaults.js";
import { podColumns } from "./common/pod-columns.js";
import { podQOSClass } from "./common/pod-qos.js";
import { defaultPodSpec, podSpecSchema, validatePodSpec } from "./common/pod-spec.js";
import { podStatusSchema } from "./common/pod-status-schemas.js";
import type { PodAffinityRules, PodAffinityTerm, PodSpec, VolumeProjection } from "./common/pod-types.js";
import { validatePodStatusUpdate } from "./common/pod-status-validation.js";
import { validatePodSpecUpdate } from "./common/pod-update-validation.js";
import { describe } from "./common/schema-builders.js";
import { defaultTolerations } from "./common/node-taints.js";
import type { KindDefinition } from "./types.js";

/**
 * Upstream's mutatePodAffinity: matchLabelKeys and mismatchLabelKeys of
 * affinity terms become selector requirements on this pod's own label values.
 */
function applyLabelKeys(term: PodAffinityTerm | undefined, labels: Record<string, string>): void {
  if (!term?.labelSelector) return;
  const expressions = (term.labelSelector.matchExpressions ??= []);
  for (const [keys, operator] of [
    [term.matchLabelKeys, "In"],
    [term.mismatchLabelKeys, "NotIn"],
  ] as const) {
    for (const key of keys ?? []) {
      const value = labels[key];
      if (value !== undefined) expressions.push({ key, operator, values: [value] });
    }
  }
}

function applyAffinityLabelKeys(rules: PodAffinityRules | undefined, labels: Record<string, string>): void {
  for (const term of rules?.requiredDuringSchedulingIgnoredDuringExecution ?? []) applyLabelKeys(term, labels);
  for (const weighted of rules?.preferredDuringSchedulingIgnoredDuringExecution ?? []) applyLabelKeys(weighted.podAffinityTerm, labels);
}

/** Checks that apply to pods but not to pod templates. */
function validatePodOnly(spec: PodSpec): FieldError[] {
  const errors: FieldError[] = [];
  for (const list of ["containers", "initContainers"] as const) {
    (spec[list] ?? []).forEach((container, i) => errors.push(...validateImageWhitespace(container, `spec.${list}[${i}]`)));
  }
  if (!spec.serviceAccountName) {
    (spec.volumes ?? []).forEach((volume, i) => {
      const sources = ((volume.projected as { sources?: VolumeProjection[] } | undefined)?.sources ?? []);
      sources.forEach((source, j) => {
        if (source.serviceAccountToken) {
          const field = `spec.volumes[${i}].projected.sources[${j}].serviceAccountToken`;
          errors.push(forbidden(field, "must not be specified when serviceAccountName is not set"));
        }
      });
    });
  }
  if (spec.nodeName && spec.schedulingGates?.length) {
    errors.push(forbidden("spec.nodeName", "cannot be set until all schedulingGates have been cleared"));
  }
  return errors;
}

export const podKind = {
  group: "",
  version: "v1",
  kind: "Pod",
  listKind: "PodList",
  plural: "pods",
  singular: "pod",
  shortNames: ["po"],
  categories: ["all"],
  namespaced: true,
  schema: objectSchema("A group of containers that run together on one node.", {
    spec: describe(podSpecSchema, "The desired behaviour of the pod."),
    status: describe(podStatusSchema, "The most recently observed state of the pod."),
  }),
  tracksGeneration: true,
  subresources: { status: true },
  strategy: {
    defaults: (object) => {
      const spec = ensureSpec<PodSpec>(object);
      defaultPodSpec(spec);
      defaultPodOnlyFields(spec);
    },
    prepareForCreate: (object) => {
      const spec = ensureSpec<PodSpec>(object);
      const status: Record<string, unknown> = { phase: "Pending", qosClass: podQOSClass(spec) };
      if (spec.schedulingGates?.length) {
        status.conditions = [
          { type: "PodScheduled", status: "False", reason: "SchedulingGated", message: "Scheduling is blocked due to non-empty scheduling gates" },
        ];
      }
      object.status = status;
      // Upstream's DefaultTolerationSeconds admission: 300 s on not-ready and unreachable nodes.
      defaultTolerations(object);
      const labels = object.metadata.labels ?? {};
      applyAffinityLabelKeys(spec.affinity?.podAffinity, labels);
      applyAffinityLabelKeys(spec.affinity?.podAntiAffinity, labels);
    },
    validate: (object) => {
      const spec = specOf<PodSpec>(object);
      return [...validatePodSpec(spec, "spec", { isPod: true }), ...validatePodOnly(spec)];
    },
    validateUpdate: (object, old) => validatePodSpecUpdate(specOf<PodSpec>(object), specOf<PodSpec>(old)),
    validateStatusUpdate: (object, old) => validatePodStatusUpdate(statusOf(object), statusOf(old), specOf<PodSpec>(old)),
    // A pod on a node stops gracefully; one never scheduled, or already finished, has nothing to stop.
    deletionGracePeriod: (object, requested) => {
      const spec = specOf<PodSpec>(object);
      const phase = statusOf<{ phase?: string }>(object).phase;
      if (!spec.nodeName || phase === "Succeeded" || phase === "Failed") return 0;
      return requested ?? spec.terminationGracePeriodSeconds ?? 30;
    },
  },
  selectableFields: (object) => {
    const spec = specOf<PodSpec>(object);
    const status = statusOf<{ phase?: string; podIPs?: { ip?: string }[]; nominatedNodeName?: string }>(object);
    return {
      "spec.nodeName": spec.nodeName ?? "",
      "spec.restartPolicy": spec.restartPolicy ?? "",
      "spec.schedulerName": spec.schedulerName ?? "",
      "spec.serviceAccountName": spec.serviceAccountName ?? "",
      "spec.hostNetwork": String(spec.hostNetwork === true),
      "status.phase": status.phase ?? "",
      "status.podIP": status.podIPs?.[0]?.ip ?? "",
      "status.nominatedNodeName": status.nominatedNodeName ?? "",
    };
  },
  columns: podColumns,
} satisfies KindDefinition;
