/**
 * A tiny structured logger: one line per event on stderr.
 *
 *   2025-11-25T16:28:00.123Z INFO  cli "pki ready" issued=ca,server,admin dir=/home/me/.mini/pki
 *
 * Text, not JSON lines: people read these logs in a terminal and in
 * `mini.log`, and a dev cluster has no log pipeline to feed. The line is still
 * unambiguous to machines: time, level and component never contain spaces,
 * the message is always a JSON string (as in Kubernetes' structured text
 * logs), a string value is JSON-quoted whenever it holds a space, quote or
 * `=`, and other values are compact JSON (quoted too if they hold a space).
 *
 * Quiet by default (warnings and errors); `-v` adds info, `-vv` debug.
 */
import { inspect } from "node:util";

const LOG_LEVELS = ["error", "warn", "info", "debug"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export type LogFields = Readonly<Record<string, unknown>>;

export interface Logger {
  error(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  debug(message: string, fields?: LogFields): void;
  /** A logger for a sub-component, sharing the level and destination. */
  child(component: string): Logger;
}

export interface LoggerOptions {
  /** The most verbose level written. @default "warn" */
  readonly level?: LogLevel;
  /** Receives each finished line (without the newline). @default a write to stderr */
  readonly write?: (line: string) => void;
  /** The clock. @default () => new Date() */
  readonly now?: () => Date;
}

/** Maps the number of `-v` flags to a level: 0 → warn, 1 → info, 2 or more → debug. */
export function levelFromVerbosity(count: number): LogLevel {
  if (count <= 0) return "warn";
  return count === 1 ? "info" : "debug";
}

export function createLogger(component: string, options: LoggerOptions = {}): Logger {
  const threshold = LOG_LEVELS.indexOf(options.level ?? "warn");
  const write = options.write ?? writeToStderr;
  const now = options.now ?? (() => new Date());

  function emit(level: LogLevel, message: string, fields: LogFields | undefined): void {
    if (LOG_LEVELS.indexOf(level) > threshold) return;
    write(formatLine({ time: now(), level, component, message, fields: fields ?? {} }));
  }
  return {
    error: (message, fields) => emit("error", message, fields),
    warn: (message, fields) => emit("warn", message, fields),
    info: (message, fields) => emit("info", message, fields),
    debug: (message, fields) => emit("debug", message, fields),
    child: (name) => createLogger(`${component}/${name}`, options),
  };
}

interface LogEvent {
  readonly time: Date;
  readonly level: LogLevel;
  readonly component: string;
  readonly message: string;
  readonly fields: LogFields;
}

function formatLine(event: LogEvent): string {
  const parts = [
    event.time.toISOString(),
    event.level.toUpperCase().padEnd(5),
    event.component,
    JSON.stringify(event.message),
  ];
  for (const [key, value] of Object.entries(event.fields)) {
    if (value !== undefined) parts.push(`${key}=${formatValue(value)}`);
  }
  return parts.join(" ");
}

function formatValue(value: unknown): string {
  if (value instanceof Error) return JSON.stringify(value.message);
  if (typeof value === "string") return /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);
  if (Array.isArray(value) && value.every((item) => typeof item === "string")) {
    return formatValue(value.join(","));
  }
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint" || value === null) {
    return String(value);
  }
  const json = toJson(value);
  return /\s/.test(json) ? JSON.stringify(json) : json;
}

/** JSON for plain data; `inspect` for what JSON cannot hold (cycles, functions, symbols). */
function toJson(value: unknown): string {
  try {
    const json: string | undefined = JSON.stringify(value);
    if (json !== undefined) return json;
  } catch (error: unknown) {
    if (!(error instanceof TypeError)) throw error;
  }
  return inspect(value, { breakLength: Infinity });
}

function writeToStderr(line: string): void {
  process.stderr.write(`${line}\n`);
}
