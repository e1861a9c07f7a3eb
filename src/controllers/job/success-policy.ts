/**
 * spec.successPolicy (Indexed jobs): the job succeeds early once any rule
 * is met — all of its succeededIndexes succeeded, or succeededCount of
 * them (of all indexes, without a list).
 */
import type { JobSpec } from "../../apis/common/job-spec.js";
import { Intervals } from "./indexes.js";

/** The SuccessCriteriaMet message when a rule is met, else undefined. */
export function matchSuccessPolicy(policy: JobSpec["successPolicy"], completions: number, succeeded: Intervals): string | undefined {
  for (const [index, rule] of (policy?.rules ?? []).entries()) {
    if (rule.succeededIndexes !== undefined) {
      const wanted = Intervals.parse(rule.succeededIndexes, completions);
      let done = 0;
      for (const i of wanted) if (succeeded.has(i)) done++;
      const needed = rule.succeededCount ?? wanted.total;
      if (wanted.total > 0 && done >= needed) return `Matched rules at index ${index}`;
    } else if (rule.succeededCount !== undefined && succeeded.total >= rule.succeededCount) {
      return `Matched rules at index ${index}`;
    }
  }
  return undefined;
}
