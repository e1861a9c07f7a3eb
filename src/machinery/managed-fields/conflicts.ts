/**
 * The 409 an apply with conflicts answers, worded as upstream's
 * fieldmanager writes it, which kubectl prints and explains:
 *
 *   Apply failed with 1 conflict: conflict with "alice": .data.a
 *   Apply failed with 2 conflicts: conflicts with "alice":\n- .data.a\n- .data.b
 */
import { ApiError } from "../status.js";
import type { ManagerEntry } from "./entries.js";
import type { Conflict } from "./ownership.js";
import { describePath } from "./path.js";

/** `"alice"`, `"kubectl-edit" using v1`, `"kubelet" using v1 with subresource "status"`. */
export function describeManager(entry: ManagerEntry): string {
  let text = JSON.stringify(entry.manager);
  if (entry.operation === "Update") text += ` using ${entry.apiVersion}`;
  if (entry.subresource) text += ` with subresource ${JSON.stringify(entry.subresource)}`;
  return text;
}

export function conflictError(conflicts: readonly Conflict[]): ApiError {
  const described = conflicts
    .map((conflict) => ({ manager: describeManager(conflict.manager), path: describePath(conflict.path) }))
    .sort((a, b) => (a.manager === b.manager ? compareText(a.path, b.path) : compareText(a.manager, b.manager)));
  const causes = described.map((c) => ({ reason: "FieldManagerConflict", message: `conflict with ${c.manager}`, field: c.path }));
  return new ApiError("Conflict", conflictMessage(described), { causes });
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function conflictMessage(conflicts: readonly { manager: string; path: string }[]): string {
  const [only] = conflicts;
  if (conflicts.length === 1 && only) return `Apply failed with 1 conflict: conflict with ${only.manager}: ${only.path}`;
  const lines: string[] = [];
  let current: string | undefined;
  for (const { manager, path } of conflicts) {
    if (manager !== current) lines.push(`conflicts with ${manager}:`);
    current = manager;
    lines.push(`- ${path}`);
  }
  return `Apply failed with ${conflicts.length} conflicts: ${lines.join("\n")}`;
}
