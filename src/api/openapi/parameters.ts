/**
 * The query and path parameters of resource operations, as data. Which
 * operation lists which parameter is a wire fact clients rely on: kubectl
 * sends `fieldValidation=Strict` (and leaves validation to the server) only
 * when the kind's PATCH operation lists `fieldValidation`.
 */
import type { Parameter } from "./types.js";

const query = (name: string, type: Parameter["schema"]["type"], description: string): Parameter => ({
  name,
  in: "query",
  description,
  schema: { type },
});

const path = (name: string, description: string): Parameter => ({
  name,
  in: "path",
  description,
  required: true,
  schema: { type: "string" },
});

export const namespaceParameter = path("namespace", "The namespace of the object.");

export function nameParameter(kind: string): Parameter {
  return path("name", `Name of the ${kind}.`);
}

export const prettyParameter = query("pretty", "string", "If true, indent the JSON answer.");

const allowWatchBookmarks = query(
  "allowWatchBookmarks",
  "boolean",
  "With watch, also send BOOKMARK events carrying the latest resourceVersion.",
);
const continueToken = query("continue", "string", "The token from a previous page, to fetch the next one.");
const dryRun = query("dryRun", "string", "All: validate and answer as if the change were made, persisting nothing.");
const fieldManager = query(
  "fieldManager",
  "string",
  "Name of the actor making the change, for managedFields (required for apply).",
);
const fieldSelector = query(
  "fieldSelector",
  "string",
  "Only objects whose fields match, e.g. metadata.name=x,status.phase!=Running.",
);
const fieldValidation = query(
  "fieldValidation",
  "string",
  "Ignore, Warn or Strict: what to do about unknown or duplicate fields in the body.",
);
const force = query(
  "force",
  "boolean",
  "For apply only: take over fields other managers own instead of failing with a conflict.",
);
const gracePeriodSeconds = query(
  "gracePeriodSeconds",
  "integer",
  "Seconds before the object is removed; 0 removes it at once.",
);
const labelSelector = query("labelSelector", "string", "Only objects whose labels match, e.g. app=web,tier in (a,b).");
const limit = query("limit", "integer", "At most this many items; the list's continue token fetches the rest.");
const orphanDependents = query("orphanDependents", "boolean", "Deprecated: use propagationPolicy=Orphan.");
const propagationPolicy = query(
  "propagationPolicy",
  "string",
  "Orphan, Background or Foreground: what happens to dependents.",
);
const resourceVersion = query(
  "resourceVersion",
  "string",
  "Serve from this version or later; for watch, the version to start after.",
);
const resourceVersionMatch = query(
  "resourceVersionMatch",
  "string",
  "NotOlderThan or Exact: how resourceVersion applies to a list.",
);
const sendInitialEvents = query(
  "sendInitialEvents",
  "boolean",
  "With watch, start with ADDED events for the current objects, then a bookmark.",
);
const timeoutSeconds = query("timeoutSeconds", "integer", "End the list or watch after this many seconds.");
const watch = query("watch", "boolean", "Stream changes (ADDED, MODIFIED, DELETED) instead of returning a list.");

/** Each list alphabetical, as upstream prints them. */
export const LIST_PARAMETERS: readonly Parameter[] = [
  allowWatchBookmarks,
  continueToken,
  fieldSelector,
  labelSelector,
  limit,
  resourceVersion,
  resourceVersionMatch,
  sendInitialEvents,
  timeoutSeconds,
  watch,
];

/** POST and PUT. */
export const WRITE_PARAMETERS: readonly Parameter[] = [dryRun, fieldManager, fieldValidation];

export const PATCH_PARAMETERS: readonly Parameter[] = [dryRun, fieldManager, fieldValidation, force];

export const DELETE_PARAMETERS: readonly Parameter[] = [dryRun, gracePeriodSeconds, orphanDependents, propagationPolicy];

export const DELETE_COLLECTION_PARAMETERS: readonly Parameter[] = [
  continueToken,
  dryRun,
  fieldSelector,
  gracePeriodSeconds,
  labelSelector,
  limit,
  orphanDependents,
  propagationPolicy,
  resourceVersion,
  resourceVersionMatch,
  sendInitialEvents,
  timeoutSeconds,
];
