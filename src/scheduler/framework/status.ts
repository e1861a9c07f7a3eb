/** Constructors and readers for Status, so plugins never build the union by hand. */
import type { Status } from "./types.js";

export const SUCCESS: Status = { code: "Success" };
export const SKIP: Status = { code: "Skip" };

/** The pod does not fit the node now; removing pods (preemption) may help. */
export function unschedulable(...reasons: string[]): Status {
  return { code: "Unschedulable", reasons };
}

/** The pod does not fit the node, and preempting pods cannot change that. */
export function unresolvable(...reasons: string[]): Status {
  return { code: "UnschedulableAndUnresolvable", reasons };
}

export function errorStatus(message: string): Status {
  return { code: "Error", message };
}

export function isRejection(status: Status): status is Extract<Status, { reasons: readonly string[] }> {
  return status.code === "Unschedulable" || status.code === "UnschedulableAndUnresolvable";
}

/** The reasons a status counts under in the "0/N nodes are available" message. */
export function statusReasons(status: Status): readonly string[] {
  if (isRejection(status)) return status.reasons;
  return status.code === "Error" ? [status.message] : [];
}

/** upstream's Status.Message(): the reasons joined by ", ". */
export function statusMessage(status: Status): string {
  return statusReasons(status).join(", ");
}
