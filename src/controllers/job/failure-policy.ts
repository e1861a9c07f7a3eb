/**
 * spec.podFailurePolicy: the first rule matching a failed pod (by a
 * container's non-zero exit code, or by a pod condition) decides whether
 * the failure fails the job at once, is ignored, or counts towards
 * backoffLimit. No matching rule counts it.
 */
import type { JobSpec } from "../../apis/common/job-spec.js";
import type { ContainerStatus } from "../../apis/common/pod-types.js";
import type { Pod } from "./types.js";

export interface PolicyMatch {
  /** The Failed condition's message when a FailJob rule matched. */
  readonly failJobMessage?: string;
  /** False when an Ignore rule matched. */
  readonly countFailed: boolean;
  readonly action?: string;
}

type Policy = NonNullable<JobSpec["podFailurePolicy"]>;
type ExitCodes = NonNullable<NonNullable<Policy["rules"]>[number]["onExitCodes"]>;

function exitCodeMatches(code: number, requirement: ExitCodes): boolean {
  const listed = (requirement.values ?? []).includes(code);
  if (requirement.operator === "In") return listed;
  if (requirement.operator === "NotIn") return !listed;
  return false;
}

/** The first terminated container (regular ones before init containers) whose non-zero exit code matches. */
function matchingContainer(pod: Pod, requirement: ExitCodes): ContainerStatus | undefined {
  for (const statuses of [pod.status?.containerStatuses ?? [], pod.status?.initContainerStatuses ?? []]) {
    const found = statuses.find((status) => {
      const code = status.state?.terminated?.exitCode;
      if (code === undefined || code === 0) return false;
      if (requirement.containerName !== undefined && requirement.containerName !== status.name) return false;
      return exitCodeMatches(code, requirement);
    });
    if (found) return found;
  }
  return undefined;
}

export function matchPodFailurePolicy(policy: JobSpec["podFailurePolicy"], pod: Pod): PolicyMatch {
  if (!policy) return { countFailed: true };
  const where = `${pod.metadata.namespace ?? ""}/${pod.metadata.name ?? ""}`;
  for (const [index, rule] of (policy.rules ?? []).entries()) {
    let failJobMessage: string;
    if (rule.onExitCodes) {
      const container = matchingContainer(pod, rule.onExitCodes);
      if (!container) continue;
      const code = container.state?.terminated?.exitCode ?? 0;
      failJobMessage = `Container ${container.name ?? ""} for pod ${where} failed with exit code ${code} matching ${rule.action ?? ""} rule at index ${index}`;
    } else if (rule.onPodConditions) {
      const patterns = rule.onPodConditions;
      const condition = (pod.status?.conditions ?? []).find((c) => patterns.some((p) => p.type === c.type && p.status === c.status));
      if (!condition) continue;
      failJobMessage = `Pod ${where} has condition ${condition.type ?? ""} matching ${rule.action ?? ""} rule at index ${index}`;
    } else {
      continue;
    }
    switch (rule.action) {
      case "Ignore":
        return { countFailed: false, action: "Ignore" };
      case "Count":
        return { countFailed: true, action: "Count" };
      case "FailJob":
        return { failJobMessage, countFailed: true, action: "FailJob" };
      default:
        // FailIndex needs backoffLimitPerIndex, which this controller does not implement: the rule is skipped.
        continue;
    }
  }
  return { countFailed: true };
}
