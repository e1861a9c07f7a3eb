import { test } from "node:test";
import assert from "node:assert/strict";
import type { JobSpec } from "../../apis/common/job-spec.js";
import { matchPodFailurePolicy } from "./failure-policy.js";
import type { Pod } from "./types.js";

function pod(exitCodes: Record<string, number>, conditions: { type: string; status: string }[] = [], init: Record<string, number> = {}): Pod {
  const statuses = (codes: Record<string, number>) => Object.entries(codes).map(([name, exitCode]) => ({ name, state: { terminated: { exitCode } } }));
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "p", namespace: "ns" },
    status: { phase: "Failed", containerStatuses: statuses(exitCodes), initContainerStatuses: statuses(init), conditions },
  };
}

const policy: NonNullable<JobSpec["podFailurePolicy"]> = {
  rules: [
    { action: "FailJob", onExitCodes: { containerName: "main", operator: "In", values: [42] } },
    { action: "Ignore", onPodConditions: [{ type: "DisruptionTarget", status: "True" }] },
    { action: "Count", onExitCodes: { operator: "NotIn", values: [1, 2] } },
    { action: "Ignore", onExitCodes: { operator: "In", values: [1] } },
  ],
};

test("the first matching rule decides", () => {
  const cases: readonly { why: string; pod: Pod; expected: ReturnType<typeof matchPodFailurePolicy> }[] = [
    {
      why: "FailJob on the named container's exit code",
      pod: pod({ main: 42 }),
      expected: { failJobMessage: "Container main for pod ns/p failed with exit code 42 matching FailJob rule at index 0", countFailed: true, action: "FailJob" },
    },
    { why: "another container's 42 is not the named one's", pod: pod({ side: 42 }), expected: { countFailed: true, action: "Count" } },
    { why: "a pod condition", pod: pod({ main: 1 }, [{ type: "DisruptionTarget", status: "True" }]), expected: { countFailed: false, action: "Ignore" } },
    { why: "a condition with another status does not match", pod: pod({ main: 1 }, [{ type: "DisruptionTarget", status: "False" }]), expected: { countFailed: false, action: "Ignore" } },
    { why: "NotIn", pod: pod({ main: 7 }), expected: { countFailed: true, action: "Count" } },
    { why: "exit code 2: no rule, counted", pod: pod({ main: 2 }), expected: { countFailed: true } },
    { why: "zero exit codes never match", pod: pod({ main: 0 }), expected: { countFailed: true } },
    { why: "init containers are checked after the others", pod: pod({ main: 0 }, [], { setup: 1 }), expected: { countFailed: false, action: "Ignore" } },
  ];
  for (const c of cases) assert.deepEqual(matchPodFailurePolicy(policy, c.pod), c.expected, c.why);
  assert.deepEqual(matchPodFailurePolicy(undefined, pod({ main: 42 })), { countFailed: true }, "no policy counts everything");
});
