/**
 * The store: a versioned key-value log in kine's model. Other folders import it
 * through this file only.
 */
export { CompactedError, FutureRevisionError } from "./types.js";
export type {
  Backend,
  CompactResult,
  KeyValue,
  ListOptions,
  ListResult,
  Revision,
  WatchEvent,
  WatchHandlers,
  WatchOptions,
  WriteResult,
} from "./types.js";
export { openSqliteBackend } from "./sqlite/index.js";
export type { SqliteBackendOptions, Synchronous } from "./sqlite/index.js";
export { startCompactor } from "./compactor.js";
export type { Compactor, CompactorOptions } from "./compactor.js";
