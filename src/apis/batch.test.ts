import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { cronJobKind } from "./cronjob.js";
import { cronScheduleError } from "./common/cron-schedule.js";
import { create, describeErrors, row, update } from "./common/kind-testing.js";
import { jobKind } from "./job.js";
import type { KubeObject } from "./types.js";

const NOW = new Date("2025-01-01T12:00:00Z");
const UID = "00000000-0000-0000-0000-000000000001";
const podTemplate = { spec: { restartPolicy: "Never", containers: [{ name: "work", image: "busybox:1.36" }] } };

function job(spec: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name: "pi", namespace: "default", creationTimestamp: "2025-01-01T11:00:00Z", ...metadata },
    spec: { template: structuredClone(podTemplate), ...spec },
  };
}

function cronJob(spec: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: "batch/v1",
    kind: "CronJob",
    metadata: { name: "nightly", namespace: "default", creationTimestamp: "2025-01-01T11:00:00Z", ...metadata },
    spec: { schedule: "0 3 * * *", jobTemplate: { spec: { template: structuredClone(podTemplate) } }, ...spec },
  };
}

function specOf(object: KubeObject): Record<string, unknown> {
  return object.spec as Record<string, unknown>;
}

describe("Job defaults and generated selector", () => {
  it("defaults a single-pod job", () => {
    const spec = specOf(create(jobKind, job()).object);
    assert.deepEqual(
      [spec.completions, spec.parallelism, spec.backoffLimit, spec.completionMode, spec.suspend, spec.manualSelector, spec.podReplacementPolicy],
      [1, 1, 6, "NonIndexed", false, false, "TerminatingOrFailed"],
    );
  });

  const cases: [string, Record<string, unknown>, [unknown, unknown, unknown]][] = [
    ["parallelism only leaves completions unset", { parallelism: 3 }, [undefined, 3, 6]],
    ["completions only gets parallelism 1", { completions: 5 }, [5, 1, 6]],
    ["per-index limit lifts the job-wide limit", { completionMode: "Indexed", completions: 2, backoffLimitPerIndex: 1 }, [2, 1, 2147483647]],
  ];
  for (const [name, input, [completions, parallelism, backoffLimit]] of cases) {
    it(name, () => {
      const spec = specOf(create(jobKind, job(input)).object);
      assert.deepEqual([spec.completions, spec.parallelism, spec.backoffLimit], [completions, parallelism, backoffLimit]);
    });
  }

  it("selects pods by uid and labels them with name and uid", () => {
    const { object, errors } = create(jobKind, job());
    const spec = specOf(object) as { selector: unknown; template: { metadata: { labels: unknown } } };
    const labels = { "job-name": "pi", "batch.kubernetes.io/job-name": "pi", "controller-uid": UID, "batch.kubernetes.io/controller-uid": UID };
    assert.deepEqual(errors, []);
    assert.deepEqual(spec.selector, { matchLabels: { "batch.kubernetes.io/controller-uid": UID } });
    assert.deepEqual(spec.template.metadata.labels, labels);
    assert.deepEqual(object.metadata.labels, labels);
    assert.deepEqual(object.status, {});
  });

  it("keeps a manual selector as given", () => {
    const input = job({ manualSelector: true, selector: { matchLabels: { app: "pi" } }, template: { ...podTemplate, metadata: { labels: { app: "pi" } } } });
    const { object, errors } = create(jobKind, input);
    assert.deepEqual(errors, []);
    assert.deepEqual(specOf(object).selector, { matchLabels: { app: "pi" } });
  });
});

describe("Job validation", () => {
  const cases: [string, KubeObject, string[]][] = [
    [
      "restartPolicy Always",
      job({ template: { spec: { containers: [{ name: "w", image: "busybox" }] } } }),
      ['spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"'],
    ],
    [
      "replacement of terminating pods with a pod failure policy",
      job({ podReplacementPolicy: "TerminatingOrFailed", podFailurePolicy: { rules: [{ action: "FailJob", onExitCodes: { operator: "In", values: [42] } }] } }),
      ['spec.podReplacementPolicy: Unsupported value: "TerminatingOrFailed": supported values: "Failed"'],
    ],
    ["negative backoffLimit", job({ backoffLimit: -1 }), ["spec.backoffLimit: Invalid value: -1: must be greater than or equal to 0"]],
    ["Indexed without completions", job({ completionMode: "Indexed", parallelism: 2 }), ["spec.completions: Required value: when completion mode is Indexed"]],
    ["unknown completion mode", job({ completionMode: "Sometimes" }), ['spec.completionMode: Unsupported value: "Sometimes": supported values: "NonIndexed", "Indexed"']],
    [
      "per-index limit without Indexed mode",
      job({ backoffLimitPerIndex: 1 }),
      ["spec.backoffLimitPerIndex: Forbidden: requires indexed completion mode"],
    ],
    [
      "pod failure policy with OnFailure",
      job({
        podFailurePolicy: { rules: [{ action: "FailJob", onExitCodes: { operator: "In", values: [42] } }] },
        template: { spec: { restartPolicy: "OnFailure", containers: [{ name: "w", image: "busybox" }] } },
      }),
      ['spec.template.spec.restartPolicy: Invalid value: "OnFailure": only "Never" is supported when podFailurePolicy is specified'],
    ],
    [
      "pod failure policy exit codes",
      job({ podFailurePolicy: { rules: [{ action: "Ignore", onExitCodes: { operator: "In", values: [3, 0, 3] } }] } }),
      [
        "spec.podFailurePolicy.rules[0].onExitCodes.values[1]: Invalid value: 0: must not be 0 for the In operator",
        "spec.podFailurePolicy.rules[0].onExitCodes.values[2]: Duplicate value: 3",
        "spec.podFailurePolicy.rules[0].onExitCodes.values: Invalid value: [3,0,3]: must be ordered",
      ],
    ],
    [
      "pod failure rule without a match",
      job({ podFailurePolicy: { rules: [{ action: "Count" }] } }),
      ["spec.podFailurePolicy.rules[0]: Invalid value: specifying one of OnExitCodes and OnPodConditions is required"],
    ],
    [
      "generated label changed by the user",
      job({ template: { ...podTemplate, metadata: { labels: { "controller-uid": "other" } } } }),
      [
        'spec.template.metadata.labels[controller-uid]: Invalid value: {"controller-uid":"other","job-name":"pi","batch.kubernetes.io/job-name":"pi","batch.kubernetes.io/controller-uid":"00000000-0000-0000-0000-000000000001"}: must be \'00000000-0000-0000-0000-000000000001\'',
      ],
    ],
  ];
  for (const [name, input, expected] of cases) {
    it(name, () => assert.deepEqual(describeErrors(create(jobKind, input).errors), expected));
  }
});

describe("Job updates", () => {
  const old = create(jobKind, job()).object;
  const oldSpec = specOf(old);
  const cases: [string, Record<string, unknown>, string[]][] = [
    ["suspending", { suspend: true }, []],
    ["new completions", { completions: 3 }, ["spec.completions: Invalid value: 3: field is immutable"]],
    ["new completion mode", { completionMode: "Indexed" }, ['spec.completionMode: Invalid value: "Indexed": field is immutable']],
  ];
  for (const [name, change, expected] of cases) {
    it(name, () => {
      const { errors } = update(jobKind, old, { ...old, spec: { ...oldSpec, ...change } });
      assert.deepEqual(
        describeErrors(errors).filter((error) => !error.startsWith("spec.completions: Required")),
        expected,
      );
    });
  }

  it("refuses template changes, except scheduling changes to a suspended job that never started", () => {
    const template = structuredClone(oldSpec.template) as { spec: Record<string, unknown> };
    template.spec.nodeSelector = { disk: "ssd" };
    const running = update(jobKind, old, { ...old, spec: { ...oldSpec, template } });
    assert.deepEqual(running.errors.map((error) => [error.field, error.message.endsWith("field is immutable")]), [["spec.template", true]]);
    const suspended = { ...old, spec: { ...oldSpec, suspend: true } };
    assert.deepEqual(update(jobKind, suspended, { ...suspended, spec: { ...specOf(suspended), template } }).errors, []);
  });

  it("Indexed jobs may scale completions together with parallelism", () => {
    const indexed = create(jobKind, job({ completionMode: "Indexed", completions: 2, parallelism: 2 })).object;
    const spec = specOf(indexed);
    assert.deepEqual(update(jobKind, indexed, { ...indexed, spec: { ...spec, completions: 4, parallelism: 4 } }).errors, []);
    assert.deepEqual(describeErrors(update(jobKind, indexed, { ...indexed, spec: { ...spec, completions: 4 } }).errors), [
      "spec.completions: Invalid value: 4: can only be modified in tandem with spec.parallelism",
    ]);
  });
});

describe("Job table", () => {
  it("has upstream's columns", () => {
    assert.deepEqual(
      jobKind.columns.map((column) => [column.name, column.type, column.priority]),
      [
        ["Name", "string", 0],
        ["Status", "string", 0],
        ["Completions", "string", 0],
        ["Duration", "string", 0],
        ["Age", "string", 0],
        ["Containers", "string", 1],
        ["Images", "string", 1],
        ["Selector", "string", 1],
      ],
    );
  });

  const start = "2025-01-01T11:00:00Z";
  const cases: [string, Record<string, unknown>, Record<string, unknown>, Record<string, unknown>, unknown[]][] = [
    ["not started", {}, {}, {}, ["pi", "Running", "0/1", "", "60m"]],
    ["running", {}, { startTime: start, active: 1 }, {}, ["pi", "Running", "0/1", "60m", "60m"]],
    [
      "complete",
      {},
      { startTime: start, completionTime: "2025-01-01T11:00:42Z", succeeded: 1, conditions: [{ type: "Complete", status: "True" }] },
      {},
      ["pi", "Complete", "1/1", "42s", "60m"],
    ],
    ["failed", {}, { conditions: [{ type: "Failed", status: "True" }] }, {}, ["pi", "Failed", "0/1", "", "60m"]],
    ["suspended", {}, { conditions: [{ type: "Suspended", status: "True" }] }, {}, ["pi", "Suspended", "0/1", "", "60m"]],
    ["terminating", {}, {}, { deletionTimestamp: "2025-01-01T11:59:00Z" }, ["pi", "Terminating", "0/1", "", "60m"]],
    ["work queue with parallelism", { parallelism: 3 }, { succeeded: 1 }, {}, ["pi", "Running", "1/1 of 3", "", "60m"]],
  ];
  for (const [name, spec, status, metadata, cells] of cases) {
    it(name, () => {
      const object = { ...create(jobKind, job(spec, metadata)).object, status };
      assert.deepEqual(row(jobKind, object, NOW, false), cells);
    });
  }

  it("shows containers, images and the generated selector when wide", () => {
    const object = create(jobKind, job()).object;
    assert.deepEqual(row(jobKind, object, NOW).slice(5), ["work", "busybox:1.36", `batch.kubernetes.io/controller-uid=${UID}`]);
  });
});

describe("cronScheduleError", () => {
  const cases: [string, string | undefined][] = [
    ["*/5 * * * *", undefined],
    ["0 3 * * mon-fri", undefined],
    ["0 0 1 jan,jul ?", undefined],
    ["@hourly", undefined],
    ["@every 1h30m", undefined],
    ["", "empty spec string"],
    ["* * * *", "expected exactly 5 fields, found 4: [* * * *]"],
    ["60 * * * *", "end of range (60) above maximum (59): 60"],
    ["0 0 0 * *", "beginning of range (0) below minimum (1): 0"],
    ["5-1 * * * *", "beginning of range (5) beyond end of range (1): 5-1"],
    ["*/0 * * * *", "step of range should be a positive number: */0"],
    ["x * * * *", 'failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax'],
    ["@fortnightly", "unrecognized descriptor: @fortnightly"],
  ];
  for (const [schedule, expected] of cases) {
    it(schedule || "(empty)", () => assert.equal(cronScheduleError(schedule), expected));
  }
});

describe("CronJob", () => {
  it("defaults policies, history limits and the job's pod template", () => {
    const spec = specOf(create(cronJobKind, cronJob()).object) as Record<string, unknown> & {
      jobTemplate: { spec: { template: { spec: Record<string, unknown> } } };
    };
    assert.deepEqual(
      [spec.concurrencyPolicy, spec.suspend, spec.successfulJobsHistoryLimit, spec.failedJobsHistoryLimit],
      ["Allow", false, 3, 1],
    );
    assert.equal(spec.jobTemplate.spec.template.spec.terminationGracePeriodSeconds, 30);
    assert.equal((spec.jobTemplate.spec as Record<string, unknown>).backoffLimit, undefined, "Job defaults apply to Jobs, not templates");
  });

  const cases: [string, KubeObject, string[]][] = [
    ["valid", cronJob(), []],
    ["bad schedule", cronJob({ schedule: "* * *" }), ['spec.schedule: Invalid value: "* * *": expected exactly 5 fields, found 3: [* * *]']],
    ["TZ in schedule", cronJob({ schedule: "TZ=UTC 0 3 * * *" }), ['spec.schedule: Invalid value: "TZ=UTC 0 3 * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead']],
    ["unknown time zone", cronJob({ timeZone: "Mars/Olympus" }), ['spec.timeZone: Invalid value: "Mars/Olympus": unknown time zone Mars/Olympus']],
    ["known time zone", cronJob({ timeZone: "Europe/Berlin" }), []],
    ["bad concurrency policy", cronJob({ concurrencyPolicy: "Sometimes" }), ['spec.concurrencyPolicy: Unsupported value: "Sometimes": supported values: "Allow", "Forbid", "Replace"']],
    [
      "selector in the job template",
      cronJob({ jobTemplate: { spec: { selector: { matchLabels: { a: "b" } }, template: structuredClone(podTemplate) } } }),
      ['spec.jobTemplate.spec.selector: Invalid value: {"matchLabels":{"a":"b"}}: `selector` will be auto-generated'],
    ],
    [
      "name too long for its jobs",
      cronJob({}, { name: "a".repeat(53) }),
      [`metadata.name: Invalid value: "${"a".repeat(53)}": must be no more than 52 characters`],
    ],
  ];
  for (const [name, input, expected] of cases) {
    it(name, () => assert.deepEqual(describeErrors(create(cronJobKind, input).errors), expected));
  }

  it("table", () => {
    assert.deepEqual(
      cronJobKind.columns.map((column) => [column.name, column.type, column.priority]),
      [
        ["Name", "string", 0],
        ["Schedule", "string", 0],
        ["Timezone", "string", 0],
        ["Suspend", "boolean", 0],
        ["Active", "integer", 0],
        ["Last Schedule", "string", 0],
        ["Age", "string", 0],
        ["Containers", "string", 1],
        ["Images", "string", 1],
        ["Selector", "string", 1],
      ],
    );
    const object = { ...create(cronJobKind, cronJob()).object, status: { active: [{ name: "nightly-1" }], lastScheduleTime: "2025-01-01T11:57:00Z" } };
    assert.deepEqual(row(cronJobKind, object, NOW), ["nightly", "0 3 * * *", "<none>", "False", 1, "3m", "60m", "work", "busybox:1.36", "<none>"]);
    assert.equal(row(cronJobKind, cronJob(), NOW)[5], "<none>");
  });
});
