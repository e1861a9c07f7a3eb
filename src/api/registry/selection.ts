/**
 * Label and field selection for list and watch: parses the query's
 * selectors once and answers whether an object matches. Field selectors
 * accept metadata.name, metadata.namespace and the kind's own selectable
 * fields; anything else is refused, as upstream does.
 */
import type { KindDefinition, KubeObject } from "../../apis/types.js";
import {
  fieldSelectorKeys,
  matchesFields,
  parseFieldSelector,
  type FieldSelector,
} from "../../machinery/fields.js";
import { matchesLabels, parseLabelSelector, type LabelSelector } from "../../machinery/labels.js";
import { badRequest } from "../../machinery/status.js";

export interface Selection {
  /** False when both selectors are empty, so callers can skip matching. */
  readonly filters: boolean;
  matches(object: KubeObject): boolean;
}

function fieldsOf(kind: KindDefinition, object: KubeObject): Record<string, string> {
  return {
    "metadata.name": object.metadata.name ?? "",
    ...(kind.namespaced ? { "metadata.namespace": object.metadata.namespace ?? "" } : {}),
    ...(kind.selectableFields ? kind.selectableFields(object) : {}),
  };
}

/** Throws a 400 ApiError for malformed selectors or unsupported field labels. */
export function parseSelection(kind: KindDefinition, labelText: string, fieldText: string): Selection {
  let labels: LabelSelector | null = null;
  let fields: FieldSelector | null = null;
  if (labelText.trim()) {
    const parsed = parseLabelSelector(labelText);
    if (!parsed.ok) throw badRequest(parsed.error);
    labels = parsed.value;
  }
  if (fieldText.trim()) {
    const parsed = parseFieldSelector(fieldText);
    if (!parsed.ok) throw badRequest(parsed.error);
    fields = parsed.value;
    const known = new Set(["metadata.name", "metadata.namespace", ...Object.keys(kind.selectableFields ? kind.selectableFields(emptyObject(kind)) : {})]);
    for (const key of fieldSelectorKeys(fields)) {
      if (!known.has(key)) throw badRequest(`field label not supported: ${key}`);
    }
  }
  const labelSelector = labels;
  const fieldSelector = fields;
  return {
    filters: labelSelector !== null || fieldSelector !== null,
    matches(object: KubeObject): boolean {
      if (labelSelector && !matchesLabels(labelSelector, object.metadata.labels ?? {})) return false;
      if (fieldSelector && !matchesFields(fieldSelector, fieldsOf(kind, object))) return false;
      return true;
    },
  };
}

/** A skeleton object used only to learn which field names a kind can select on. */
function emptyObject(kind: KindDefinition): KubeObject {
  return { apiVersion: kind.group ? `${kind.group}/${kind.version}` : kind.version, kind: kind.kind, metadata: {} };
}
