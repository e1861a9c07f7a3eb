/**
 * apps/v1 StatefulSet: pods with stable names, network identities and
 * per-pod volumes, created and updated in order.
 */
import { forbidden, invalid, notSupported, required, type FieldError } from "../machinery/field-errors.js";
import { ageColumn, nameColumn } from "./columns.js";
import type { LabelSelector } from "./common/label-selector.js";
import { labelSelectorSchema, objectSchema } from "./common/meta.js";
import { ensureSpec, specOf, statusOf } from "./common/object-fields.js";
import { defaultPodTemplate, podTemplateSpecSchema, validatePodTemplate } from "./common/pod-spec.js";
import type { IntOrString, PodTemplateSpec, Volume } from "./common/pod-types.js";
import { persistentVolumeClaimSchema } from "./common/pvc-schemas.js";
import { condition, describe, enumString, int32, int64, intOrString, list, object, string } from "./common/schema-builders.js";
import { jsonEqual, nonNegative, validateDNS1123Label } from "./common/validation-helpers.js";
import { containersColumn, imagesColumn } from "./common/workload-columns.js";
import {
  intOrPercentValue,
  validateNotMoreThan100Percent,
  validatePositiveIntOrPercent,
  validateRunsForever,
  validateSelectorMatchesTemplate,
  validateWorkloadSelector,
} from "./common/workload-validation.js";
import type { KindDefinition } from "./types.js";

/** A volumeClaimTemplates entry: a PersistentVolumeClaim without a namespace. */
export interface ClaimTemplate {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: { volumeMode?: string; [field: string]: unknown };
  status?: { phase?: string };
}

export interface StatefulSetSpec {
  replicas?: number;
  selector?: LabelSelector;
  template?: PodTemplateSpec;
  volumeClaimTemplates?: ClaimTemplate[];
  serviceName?: string;
  podManagementPolicy?: string;
  updateStrategy?: { type?: string; rollingUpdate?: { partition?: number; maxUnavailable?: IntOrString } };
  revisionHistoryLimit?: number;
  minReadySeconds?: number;
  persistentVolumeClaimRetentionPolicy?: { whenDeleted?: string; whenScaled?: string };
  ordinals?: { start?: number };
}

const rollingUpdateSchema = object({
  partition: int32("Ordinal at or above which pods are updated (default 0)."),
  maxUnavailable: intOrString("Pods that may be unavailable during the update (alpha)."),
});

const updateStrategySchema = object({
  type: enumString(["OnDelete", "RollingUpdate"], "RollingUpdate (default) or OnDelete."),
  rollingUpdate: describe(rollingUpdateSchema, "Rolling update parameters, when type is RollingUpdate."),
});

const retentionPolicySchema = object({
  whenDeleted: string("Retain (default) or Delete the claims when the set is deleted."),
  whenScaled: string("Retain (default) or Delete the claims of pods removed by scale-down."),
});

const statefulSetSpecSchema = object(
  {
    replicas: int32("Desired number of pods (default 1)."),
    selector: describe(labelSelectorSchema, "Pods the stateful set manages; must match the template's labels."),
    template: describe(podTemplateSpecSchema, "Template for the pods; each gets a stable name and identity."),
    volumeClaimTemplates: list(persistentVolumeClaimSchema, "Claims created for each pod, mounted by name.", { type: "atomic" }),
    serviceName: string("Headless service that gives the pods their DNS names."),
    podManagementPolicy: enumString(["OrderedReady", "Parallel"], "OrderedReady (default) or Parallel pod creation and deletion."),
    updateStrategy: describe(updateStrategySchema, "How pods are replaced after template changes."),
    revisionHistoryLimit: int32("Old revisions kept (default 10)."),
    minReadySeconds: int32("Seconds a new pod must be ready before it counts as available."),
    persistentVolumeClaimRetentionPolicy: describe(retentionPolicySchema, "Whether claims are deleted with the set or on scale-down."),
    ordinals: describe(object({ start: int32("Number given to the first pod (default 0).") }), "Numbering of the pods."),
  },
  ["selector", "template", "serviceName"],
);

const statefulSetStatusSchema = object(
  {
    observedGeneration: int64("Generation the controller last acted on."),
    replicas: int32("Pods created."),
    readyReplicas: int32("Pods that are ready."),
    currentReplicas: int32("Pods at currentRevision."),
    updatedReplicas: int32("Pods at updateRevision."),
    currentRevision: string("Revision of the pods up to currentReplicas."),
    updateRevision: string("Revision the pods are being updated to."),
    collisionCount: int32("Count of revision hash collisions."),
    conditions: list(condition("Condition type."), "Current state of the stateful set.", { type: "map", keys: ["type"], mergeKey: "type", strategy: "merge" }),
    availableReplicas: int32("Pods ready for at least minReadySeconds."),
  },
  ["replicas"],
);

/** Upstream's SetDefaults_StatefulSet, plus the claim templates' own PVC defaults. */
function defaultStatefulSet(spec: StatefulSetSpec): void {
  spec.podManagementPolicy ||= "OrderedReady";
  const strategy = (spec.updateStrategy ??= {});
  if (!strategy.type) {
    strategy.type = "RollingUpdate";
    strategy.rollingUpdate ??= {};
  }
  if (strategy.type === "RollingUpdate" && strategy.rollingUpdate) strategy.rollingUpdate.partition ??= 0;
  const retention = (spec.persistentVolumeClaimRetentionPolicy ??= {});
  retention.whenDeleted ||= "Retain";
  retention.whenScaled ||= "Retain";
  spec.replicas ??= 1;
  spec.revisionHistoryLimit ??= 10;
  spec.template = defaultPodTemplate(spec.template);
  for (const claim of spec.volumeClaimTemplates ?? []) {
    claim.apiVersion ||= "v1";
    claim.kind ||= "PersistentVolumeClaim";
    (claim.spec ??= {}).volumeMode ??= "Filesystem";
    (claim.status ??= {}).phase ||= "Pending";
  }
}

const RETENTION_TYPES = ["Retain", "Delete"];

function validateUpdateStrategy(strategy: StatefulSetSpec["updateStrategy"], field: string): FieldError[] {
  const rollingUpdate = strategy?.rollingUpdate;
  switch (strategy?.type) {
    case undefined:
    case "":
      return [required(field)];
    case "OnDelete":
      return rollingUpdate ? [invalid(`${field}.rollingUpdate`, rollingUpdate, "only allowed for updateStrategy 'RollingUpdate'")] : [];
    case "RollingUpdate": {
      if (!rollingUpdate) return [];
      const errors = nonNegative(`${field}.rollingUpdate.partition`, rollingUpdate.partition);
      const maxUnavailable = rollingUpdate.maxUnavailable;
      if (maxUnavailable !== undefined) {
        const at = `${field}.rollingUpdate.maxUnavailable`;
        errors.push(...validatePositiveIntOrPercent(maxUnavailable, at));
        if (intOrPercentValue(maxUnavailable) === 0) errors.push(invalid(at, maxUnavailable, "cannot be 0"));
        errors.push(...validateNotMoreThan100Percent(maxUnavailable, at));
      }
      return errors;
    }
    default:
      return [invalid(field, strategy, "must be 'RollingUpdate' or 'OnDelete'")];
  }
}

/**
 * Upstream checks only the template's labels and annotations here. We also
 * check its pod spec, with each claim template standing in as a volume, so a
 * broken template is refused now rather than failing every pod creation later.
 */
function validateStatefulSetTemplate(spec: StatefulSetSpec): FieldError[] {
  const template = spec.template ?? {};
  const claimVolumes: Volume[] = (spec.volumeClaimTemplates ?? []).map((claim) => ({
    name: claim.metadata?.name ?? "",
    persistentVolumeClaim: { claimName: claim.metadata?.name ?? "" },
  }));
  const podSpec = { ...template.spec, volumes: [...(template.spec?.volumes ?? []), ...claimVolumes] };
  const errors = [...validateSelectorMatchesTemplate(spec.selector, template, "spec.template"), ...validatePodTemplate({ ...template, spec: podSpec }, "spec.template")];
  return errors.filter((error) => error.field !== "spec.template.spec.restartPolicy");
}

/** Upstream's ValidateStatefulSetSpec. */
function validateStatefulSetSpec(spec: StatefulSetSpec): FieldError[] {
  const errors: FieldError[] = [];
  const policy = spec.podManagementPolicy;
  if (!policy) errors.push(required("spec.podManagementPolicy"));
  else if (policy !== "OrderedReady" && policy !== "Parallel") {
    errors.push(invalid("spec.podManagementPolicy", policy, "must be 'OrderedReady' or 'Parallel'"));
  }
  errors.push(...validateUpdateStrategy(spec.updateStrategy, "spec.updateStrategy"));
  const retention = spec.persistentVolumeClaimRetentionPolicy;
  if (retention) {
    for (const key of ["whenDeleted", "whenScaled"] as const) {
      if (!RETENTION_TYPES.includes(retention[key] ?? "")) {
        errors.push(notSupported(`spec.persistentVolumeClaimRetentionPolicy.${key}`, retention[key] ?? "", RETENTION_TYPES));
      }
    }
  }
  errors.push(...nonNegative("spec.replicas", spec.replicas));
  errors.push(...nonNegative("spec.minReadySeconds", spec.minReadySeconds));
  errors.push(...nonNegative("spec.ordinals.start", spec.ordinals?.start));
  errors.push(...validateWorkloadSelector(spec.selector, "spec.selector", "statefulset"));
  errors.push(...validateStatefulSetTemplate(spec));
  errors.push(...validateRunsForever(spec.template, "spec.template", "StatefulSet"));
  return errors;
}

/** Pods are named <set>-<ordinal> and use that as their hostname, so the set's name must be a DNS label. */
function validateStatefulSetName(name: string | undefined): FieldError[] {
  return name === undefined ? [] : validateDNS1123Label(name, "metadata.name");
}

/** Fields of a StatefulSet spec that may change after creation; the rest are fixed. */
const MUTABLE_FIELDS = ["replicas", "ordinals", "template", "updateStrategy", "persistentVolumeClaimRetentionPolicy", "minReadySeconds"];

function validateStatefulSetUpdate(updated: StatefulSetSpec, old: StatefulSetSpec): FieldError[] {
  const fixed = (spec: StatefulSetSpec): Record<string, unknown> =>
    Object.fromEntries(Object.entries(spec).filter(([key]) => !MUTABLE_FIELDS.includes(key)));
  if (jsonEqual(fixed(updated), fixed(old))) return [];
  return [
    forbidden(
      "spec",
      "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    ),
  ];
}

export const statefulSetKind = {
  group: "apps",
  version: "v1",
  kind: "StatefulSet",
  listKind: "StatefulSetList",
  plural: "statefulsets",
  singular: "statefulset",
  shortNames: ["sts"],
  categories: ["all"],
  namespaced: true,
  schema: objectSchema("Runs pods with stable names, identities and per-pod volumes.", {
    spec: describe(statefulSetSpecSchema, "The desired state of the stateful set."),
    status: describe(statefulSetStatusSchema, "The most recently observed state of the stateful set."),
  }),
  tracksGeneration: true,
  subresources: { status: true, scale: { specReplicasPath: "spec.replicas", statusReplicasPath: "status.replicas" } },
  strategy: {
    defaults: (object) => defaultStatefulSet(ensureSpec<StatefulSetSpec>(object)),
    // Upstream resets status to its zero value, in which these counts are always present.
    prepareForCreate: (object) => {
      object.status = { replicas: 0, availableReplicas: 0 };
    },
    validate: (object) => [...validateStatefulSetName(object.metadata.name), ...validateStatefulSetSpec(specOf<StatefulSetSpec>(object))],
    validateUpdate: (object, old) => validateStatefulSetUpdate(specOf<StatefulSetSpec>(object), specOf<StatefulSetSpec>(old)),
  },
  columns: [
    nameColumn,
    {
      name: "Ready",
      type: "string",
      description: "Ready pods out of desired pods.",
      priority: 0,
      cell: (object) =>
        `${statusOf<{ readyReplicas?: number }>(object).readyReplicas ?? 0}/${specOf<StatefulSetSpec>(object).replicas ?? 0}`,
    },
    ageColumn,
    containersColumn((object) => specOf<StatefulSetSpec>(object).template?.spec),
    imagesColumn((object) => specOf<StatefulSetSpec>(object).template?.spec),
  ],
} satisfies KindDefinition;
