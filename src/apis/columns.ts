/**
 * Helpers for kind table columns: ages printed the way kubectl users know
 * them (upstream's HumanDuration), and the AGE column every kind ends with.
 */
import type { KubeObject, TableColumn } from "./types.js";

/** Formats a duration like kubectl: `45s`, `3m12s`, `5h`, `2d3h`, `400d`, `3y10d`. */
export function formatDuration(milliseconds: number): string {
  const seconds = Math.floor(milliseconds / 1000);
  if (seconds < -1) return "<invalid>";
  if (seconds < 0) return "0s";
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    const days = Math.floor(hours / 24);
    return h === 0 ? `${days}d` : `${days}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const years = Math.floor(hours / 24 / 365);
    const days = Math.floor(hours / 24) % 365;
    return days === 0 ? `${years}y` : `${years}y${days}d`;
  }
  return `${Math.floor(hours / 24 / 365)}y`;
}

/** Age of a timestamp relative to `now`, or `<unknown>` when absent. */
export function formatAge(timestamp: string | undefined, now: Date): string {
  if (!timestamp) return "<unknown>";
  const then = Date.parse(timestamp);
  if (Number.isNaN(then)) return "<unknown>";
  return formatDuration(now.getTime() - then);
}

export const nameColumn: TableColumn = {
  name: "Name",
  type: "string",
  format: "name",
  description: "Name must be unique within a namespace.",
  priority: 0,
  cell: (object: KubeObject) => object.metadata.name ?? "",
};

export const ageColumn: TableColumn = {
  name: "Age",
  type: "string",
  description: "Time since the object was created.",
  priority: 0,
  cell: (object: KubeObject, now: Date) => formatAge(object.metadata.creationTimestamp, now),
};
