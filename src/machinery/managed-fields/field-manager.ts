/**
 * managedFields on whole objects, as upstream's apiserver fieldmanager keeps
 * them: every create, update and patch records an `Update` entry for its
 * manager; server-side apply records an `Apply` entry and may conflict.
 *
 * What ownership never covers (upstream's stripped and reset fields):
 * apiVersion, kind and the server's metadata; the status of kinds with a
 * status subresource on the main resource; and everything but status and
 * metadata on the status subresource.
 *
 * Client-side apply meets server-side apply through the
 * `kubectl.kubernetes.io/last-applied-configuration` annotation, for the
 * manager `kubectl` only (kubectl's default for --server-side): conflicts on
 * fields the annotation holds with their live values are taken over, and
 * the annotation is kept in step with what is applied.
 */
import { isDeepStrictEqual } from "node:util";
import type { KindDefinition, KubeObject } from "../../apis/types.js";
import { isJsonMap } from "../merge-patch.js";
import { badRequest } from "../status.js";
import { capUpdateManagers } from "./cap.js";
import { conflictError } from "./conflicts.js";
import {
  decodeManagedFields,
  encodeManagedFields,
  isResetRequest,
  type ManagedFields,
  type ManagerRef,
} from "./entries.js";
import { FieldSet } from "./field-set.js";
import { ApplyConflicts, applyConfiguration, recordUpdate, type ApplyOutcome, type OwnershipWrite, type Scope } from "./ownership.js";
import { fieldElement } from "./path.js";
import { FieldPathError } from "./shape.js";
import { compareObjects, toFieldSet } from "./walk.js";
import { cloneJson } from "../clone.js";

export const LAST_APPLIED_ANNOTATION = "kubectl.kubernetes.io/last-applied-configuration";

/** The manager kubectl uses for `apply --server-side`; the only one the annotation rules apply to. */
const KUBECTL_APPLIER = "kubectl";

const SERVER_METADATA = ["name", "namespace", "creationTimestamp", "selfLink", "uid", "clusterName", "generation", "managedFields", "resourceVersion"];
const STRIPPED = FieldSet.of([
  [fieldElement("apiVersion")],
  [fieldElement("kind")],
  [fieldElement("metadata")],
  ...SERVER_METADATA.map((name) => [fieldElement("metadata"), fieldElement(name)]),
]);

export interface ManagedWrite {
  readonly kind: KindDefinition;
  readonly apiVersion: string;
  readonly manager: string;
  /** "" for the main resource. */
  readonly subresource: string;
  readonly now: string;
}

const STATUS_WRITE: Scope = { stripped: STRIPPED, topLevel: (field) => field === "status" || field === "metadata" };
const SPEC_WRITE: Scope = { stripped: STRIPPED, topLevel: (field) => field !== "status" };
const WHOLE_WRITE: Scope = { stripped: STRIPPED, topLevel: () => true };

function scopeOf(write: ManagedWrite): Scope {
  if (write.subresource === "status") return STATUS_WRITE;
  if (write.subresource === "" && write.kind.subresources.status) return SPEC_WRITE;
  return WHOLE_WRITE;
}

function ownershipWrite(write: ManagedWrite, operation: ManagerRef["operation"]): OwnershipWrite {
  return {
    writer: { manager: write.manager, operation, apiVersion: write.apiVersion, subresource: write.subresource },
    schema: write.kind.schema,
    scope: scopeOf(write),
    now: write.now,
  };
}

/** The object as ownership sees it: without managedFields. */
function withoutManagedFields(object: KubeObject): KubeObject {
  const { managedFields: _managed, ...metadata } = object.metadata;
  return { ...object, metadata };
}

function storedManagedFields(object: KubeObject | undefined): ManagedFields {
  const decoded = decodeManagedFields(object?.metadata.managedFields, { stored: true });
  // Entries the store holds were written by this module; anything else counts as no ownership.
  return decoded.ok ? decoded.managed : new Map();
}

function setManagedFields(object: KubeObject, managed: ManagedFields): void {
  const encoded = encodeManagedFields(capUpdateManagers(managed));
  if (encoded) object.metadata.managedFields = encoded;
  else delete object.metadata.managedFields;
}

/**
 * Records a create (`before` absent) or an update in `after`'s
 * managedFields. Entries the client sent replace the stored ones (upstream
 * lets updates set managedFields); a list holding one empty entry strips
 * them. Returns warnings for the response, if ownership could not be kept.
 */
export function recordManagedFields(after: KubeObject, before: KubeObject | undefined, write: ManagedWrite): string[] {
  const sent = after.metadata.managedFields;
  if (isResetRequest(sent)) {
    delete after.metadata.managedFields;
    return [];
  }
  // Writers mostly send back the entries they read: those count as the stored ones, which decode
  // without checks and keep their wire forms.
  const fromClient = write.subresource === "" && sent !== undefined && !isDeepStrictEqual(sent, before?.metadata.managedFields) ? decodeManagedFields(sent) : undefined;
  const base = fromClient?.ok && fromClient.managed.size > 0 ? fromClient.managed : storedManagedFields(before);
  try {
    const managed = recordUpdate(base, before && withoutManagedFields(before), withoutManagedFields(after), ownershipWrite(write, "Update"));
    setManagedFields(after, managed);
    return [];
  } catch (error: unknown) {
    if (!(error instanceof FieldPathError)) throw error;
    // Upstream drops managedFields it cannot compute rather than fail the write.
    delete after.metadata.managedFields;
    return [`managedFields were reset: ${error.message}`];
  }
}

export interface ApplyRequest extends ManagedWrite {
  readonly force: boolean;
}

/**
 * Server-side apply of `config` onto `live` (absent: the object is being
 * created). Returns the new object with its managedFields; throws the 409
 * Status on conflicts.
 */
export function applyManagedObject(live: KubeObject | undefined, config: KubeObject, request: ApplyRequest): KubeObject {
  if (config.metadata?.managedFields !== undefined) throw badRequest("metadata.managedFields must be nil");
  let outcome: ApplyOutcome;
  try {
    outcome = applyOrUpgrade(live, config, request);
  } catch (error: unknown) {
    if (!(error instanceof FieldPathError)) throw error;
    throw badRequest(`failed to create typed patch object (${describeObject(config, request)}): ${error.message}`);
  }
  const object = outcome.object as KubeObject;
  setManagedFields(object, outcome.managed);
  if (request.manager === KUBECTL_APPLIER && live?.metadata.annotations?.[LAST_APPLIED_ANNOTATION]) {
    object.metadata.annotations = { ...object.metadata.annotations, [LAST_APPLIED_ANNOTATION]: lastAppliedText(config) };
  }
  return object;
}

/**
 * The apply, with conflicts as the 409. For kubectl, conflicts on fields
 * that client-side apply recorded and nobody changed since are taken over.
 */
function applyOrUpgrade(live: KubeObject | undefined, config: KubeObject, request: ApplyRequest): ApplyOutcome {
  const base = storedManagedFields(live);
  const write = ownershipWrite(request, "Apply");
  // The live object keeps its managedFields through the merge (ownership never covers them), so
  // they are replaced where they stand and an unchanged object encodes to the same text.
  try {
    return applyConfiguration(base, live, config, { ...write, force: request.force });
  } catch (error: unknown) {
    if (!(error instanceof ApplyConflicts)) throw error;
    const allowed = request.manager === KUBECTL_APPLIER && live ? lastAppliedFields(withoutManagedFields(live), write) : new FieldSet();
    const remaining = error.conflicts.filter((conflict) => !allowed.has(conflict.path));
    if (remaining.length) throw conflictError(remaining);
    return applyConfiguration(base, live, config, { ...write, force: true });
  }
}

function describeObject(config: KubeObject, request: ApplyRequest): string {
  const { namespace, name = "" } = config.metadata ?? {};
  const group = request.kind.group ? `${request.kind.group}/` : "";
  return `${namespace ? `${namespace}/` : ""}${name}; ${group}${request.kind.version}, Kind=${request.kind.kind}`;
}

/** The fields client-side apply recorded that still hold the recorded values: an upgrade may take them. */
function lastAppliedFields(live: KubeObject, write: OwnershipWrite): FieldSet {
  const text = live.metadata.annotations?.[LAST_APPLIED_ANNOTATION];
  let recorded: unknown;
  try {
    recorded = JSON.parse(text ?? "");
  } catch (error: unknown) {
    if (error instanceof SyntaxError) return new FieldSet();
    throw error;
  }
  if (!isJsonMap(recorded)) return new FieldSet();
  const differences = compareObjects(recorded, live, write.schema);
  return toFieldSet(recorded, write.schema).difference(differences.modified).difference(differences.added).difference(differences.removed);
}

/** The annotation as kubectl and upstream write it: the configuration without the annotation, keys sorted, newline-terminated. */
function lastAppliedText(config: KubeObject): string {
  const copy = cloneJson(config);
  const annotations = copy.metadata?.annotations;
  if (annotations) {
    delete annotations[LAST_APPLIED_ANNOTATION];
    if (Object.keys(annotations).length === 0) delete copy.metadata.annotations;
  }
  return `${JSON.stringify(copy, sortedKeys)}\n`;
}

function sortedKeys(_key: string, value: unknown): unknown {
  if (!isJsonMap(value)) return value;
  return Object.fromEntries(Object.keys(value).sort().map((key) => [key, value[key]]));
}
