/**
 * What every resource handler receives: the resolved request, its store,
 * and the registry for handlers that reach across kinds.
 */
import type { ServerResponse } from "node:http";
import type { CriClient } from "../../cri/index.js";
import type { ResourceRequest } from "../request-info.js";
import type { Registry, ResourceStore, WriteOptions, FieldValidation } from "../registry/index.js";
import { badRequest } from "../../machinery/status.js";

export interface ResourceContext {
  readonly registry: Registry;
  readonly store: ResourceStore;
  readonly info: ResourceRequest;
  readonly query: URLSearchParams;
  readonly request: Request;
  /** Aborted when the client goes away. */
  readonly signal: AbortSignal;
  /** The raw response, for streams written directly to the socket (watch). */
  readonly outgoing: ServerResponse;
  /** The node's container runtime, for pods/log; absent when mini runs none. */
  readonly cri?: CriClient | undefined;
  /** For failures after a streamed response has started, when no Status can be sent any more. */
  readonly log?: { error(message: string, fields?: Record<string, unknown>): void };
}

const FIELD_VALIDATION = new Set<FieldValidation>(["Strict", "Warn", "Ignore"]);

/** dryRun and fieldValidation, as every write takes them from the query. */
export function writeOptions(query: URLSearchParams): WriteOptions {
  const dryRun = query.getAll("dryRun");
  for (const value of dryRun) {
    if (value !== "All") throw badRequest(`Invalid dry run value: ${value}: valid values are "All"`);
  }
  // Upstream's default is Warn: unknown fields are dropped and reported in a Warning header.
  const requested = query.get("fieldValidation") ?? "Warn";
  if (!FIELD_VALIDATION.has(requested as FieldValidation)) {
    throw badRequest(`fieldValidation must be one of "Strict", "Warn" or "Ignore", not "${requested}"`);
  }
  return { dryRun: dryRun.length > 0, fieldValidation: requested as FieldValidation };
}
