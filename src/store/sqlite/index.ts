export { openSqliteBackend } from "./backend.js";
export type { SqliteBackendOptions } from "./backend.js";
export type { Synchronous } from "./schema.js";
