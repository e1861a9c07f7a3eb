/**
 * System metadata every object gets, and the metadata checks every kind
 * shares (upstream's ValidateObjectMeta): names, generateName, namespace,
 * labels, annotations, and what an update may not change.
 */
import { randomInt, randomUUID } from "node:crypto";
import type { KindDefinition, KubeObject, ObjectMeta } from "../../apis/types.js";
import { forbidden, immutable, invalid, required, type FieldError } from "../../machinery/field-errors.js";
import {
  dns1123LabelProblems,
  dns1123SubdomainProblems,
  validateAnnotations,
  validateLabels,
} from "../../machinery/validation.js";
import { timestamp } from "../../machinery/time.js";

/** Kept here too: the registry's users take it with the rest of the object metadata helpers. */
export { timestamp };

// Upstream leaves out vowels and look-alike characters so generated names never spell words.
const NAME_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
const GENERATED_SUFFIX_LENGTH = 5;
const MAX_NAME_LENGTH = 63;

export function generateName(prefix: string): string {
  const base = prefix.length > MAX_NAME_LENGTH - GENERATED_SUFFIX_LENGTH ? prefix.slice(0, MAX_NAME_LENGTH - GENERATED_SUFFIX_LENGTH) : prefix;
  let suffix = "";
  for (let i = 0; i < GENERATED_SUFFIX_LENGTH; i++) suffix += NAME_ALPHABET[randomInt(NAME_ALPHABET.length)];
  return base + suffix;
}

/** Fills the fields only the server may set on create; the client's values are discarded. */
export function fillCreateMetadata(object: KubeObject, kind: KindDefinition, namespace: string): void {
  const meta = object.metadata;
  if (!meta.name && meta.generateName) meta.name = generateName(meta.generateName);
  if (kind.namespaced) meta.namespace = namespace;
  else delete meta.namespace;
  meta.uid = randomUUID();
  meta.creationTimestamp = timestamp();
  delete meta.deletionTimestamp;
  delete meta.deletionGracePeriodSeconds;
  if (kind.tracksGeneration) meta.generation = 1;
  else delete meta.generation;
}

/** Copies from the stored object what an update may not change. */
export function carryUpdateMetadata(object: KubeObject, old: KubeObject): void {
  const meta = object.metadata;
  const oldMeta = old.metadata;
  for (const field of ["uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation"] as const) {
    if (oldMeta[field] === undefined) delete meta[field];
    else (meta as Record<string, unknown>)[field] = oldMeta[field];
  }
  if (oldMeta.namespace !== undefined) meta.namespace = oldMeta.namespace;
}

function nameProblems(kind: KindDefinition, name: string): string[] {
  // Namespaces and Services become DNS labels; other kinds only need a subdomain.
  return kind.kind === "Namespace" || kind.kind === "Service" ? dns1123LabelProblems(name) : dns1123SubdomainProblems(name);
}

export function validateObjectMeta(meta: ObjectMeta, kind: KindDefinition): FieldError[] {
  const errors: FieldError[] = [];
  if (!meta.name) {
    errors.push(required("metadata.name", "name or generateName is required"));
  } else {
    for (const problem of nameProblems(kind, meta.name)) errors.push(invalid("metadata.name", meta.name, problem));
  }
  if (meta.generateName !== undefined && meta.generateName !== "") {
    // A prefix may end in a dash, so validate it as if a suffix followed.
    const probe = meta.generateName.endsWith("-") ? `${meta.generateName}a` : meta.generateName;
    for (const problem of nameProblems(kind, probe)) errors.push(invalid("metadata.generateName", meta.generateName, problem));
  }
  errors.push(...validateLabels(meta.labels, "metadata.labels"));
  errors.push(...validateAnnotations(meta.annotations, "metadata.annotations"));
  if (meta.finalizers !== undefined && !Array.isArray(meta.finalizers)) {
    errors.push(invalid("metadata.finalizers", meta.finalizers, "must be a list"));
  }
  return errors;
}

export function validateMetadataUpdate(meta: ObjectMeta, old: ObjectMeta): FieldError[] {
  const errors: FieldError[] = [];
  if (meta.name !== old.name) errors.push(immutable("metadata.name", meta.name));
  if ((meta.namespace ?? "") !== (old.namespace ?? "")) errors.push(immutable("metadata.namespace", meta.namespace));
  if (old.deletionTimestamp && (meta.finalizers ?? []).some((f) => !(old.finalizers ?? []).includes(f))) {
    errors.push(forbidden("metadata.finalizers", "no new finalizers can be added if the object is being deleted"));
  }
  return errors;
}
