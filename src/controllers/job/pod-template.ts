/**
 * A job's pod, built from its template: the template's labels,
 * annotations and spec, the tracking finalizer, a controller reference to
 * the job, and for Indexed jobs the completion index (annotation, label,
 * JOB_COMPLETION_INDEX from the label, hostname `<job>-<index>`).
 */
import type { Container } from "../../apis/common/pod-types.js";
import { COMPLETION_INDEX, COMPLETION_INDEX_ENV, TRACKING_FINALIZER, type Job, type Pod } from "./types.js";
import { UNKNOWN_INDEX } from "./pods.js";
import { cloneJson } from "../../machinery/clone.js";

/** Generated names keep room for the 5-character random suffix within 63. */
const MAX_GENERATE_NAME = 58;

function withIndexVariable(container: Container): Container {
  if ((container.env ?? []).some((variable) => variable.name === COMPLETION_INDEX_ENV)) return container;
  const fieldPath = `metadata.labels['${COMPLETION_INDEX}']`;
  return { ...container, env: [...(container.env ?? []), { name: COMPLETION_INDEX_ENV, valueFrom: { fieldRef: { fieldPath } } }] };
}

/** `<job>-<index>-`, the job name cut so the whole fits. */
function indexedGenerateName(jobName: string, index: number): string {
  const suffix = `-${index}-`;
  const prefix = `${jobName}${suffix}`;
  return prefix.length > MAX_GENERATE_NAME ? `${prefix.slice(0, MAX_GENERATE_NAME - suffix.length)}${suffix}` : prefix;
}

export function podFromTemplate(job: Job, index: number = UNKNOWN_INDEX): Pod {
  const template = cloneJson(job.spec?.template ?? {});
  const name = job.metadata.name ?? "";
  const labels = { ...template.metadata?.labels };
  const annotations = { ...template.metadata?.annotations };
  const spec = template.spec ?? {};
  if (index !== UNKNOWN_INDEX) {
    annotations[COMPLETION_INDEX] = String(index);
    labels[COMPLETION_INDEX] = String(index);
    spec.hostname = `${name}-${index}`;
    if (spec.initContainers) spec.initContainers = spec.initContainers.map(withIndexVariable);
    if (spec.containers) spec.containers = spec.containers.map(withIndexVariable);
  }
  const finalizers = template.metadata?.finalizers ?? [];
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      generateName: index === UNKNOWN_INDEX ? `${name}-` : indexedGenerateName(name, index),
      namespace: job.metadata.namespace ?? "",
      labels,
      ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
      finalizers: finalizers.includes(TRACKING_FINALIZER) ? finalizers : [...finalizers, TRACKING_FINALIZER],
      ownerReferences: [
        { apiVersion: "batch/v1", kind: "Job", name, uid: job.metadata.uid ?? "", controller: true, blockOwnerDeletion: true },
      ],
    },
    spec,
  };
}
