import assert from "node:assert/strict";
import { test } from "node:test";
import type { KubeObject } from "../apis/types.js";
import { computePodStatus, type ContainerObservation } from "./pod-status.js";
import type { ContainerStatus } from "./runtime.js";

const NOW = new Date("2026-01-01T00:00:10Z");
const SECOND = 1e9;
const T0 = Date.parse("2026-01-01T00:00:00Z") * 1e6;

function runtimeStatus(overrides: Partial<ContainerStatus>): ContainerStatus {
  return {
    id: "abc",
    metadata: { name: "c", attempt: 0 },
    state: "CONTAINER_RUNNING",
    createdAt: T0,
    startedAt: T0 + SECOND,
    finishedAt: 0,
    exitCode: 0,
    image: { image: "img" },
    imageRef: "sha256:1",
    reason: "",
    message: "",
    labels: {},
    annotations: {},
    logPath: "",
    ...overrides,
  };
}

function pod(spec: Record<string, unknown>, status: Record<string, unknown> = {}): KubeObject {
  return { apiVersion: "v1", kind: "Pod", metadata: { name: "p", namespace: "d", uid: "u" }, spec, status };
}

const observe = (containers: Record<string, ContainerObservation>, sandboxReady = true) => ({ sandboxReady, podIPs: ["10.1.0.2"], hostIP: "192.0.2.1", containers: new Map(Object.entries(containers)), now: NOW });

test("a running, ready container makes the pod Running and Ready", () => {
  const status = computePodStatus(pod({ containers: [{ name: "c", image: "img" }] }), observe({ c: { latest: runtimeStatus({}), ready: true, started: true } }));
  assert.equal(status.phase, "Running");
  assert.deepEqual(status.conditions.map((c) => [c.type, c.status]), [["PodReadyToStartContainers", "True"], ["Initialized", "True"], ["ContainersReady", "True"], ["Ready", "True"]]);
  assert.deepEqual(status.containerStatuses[0], {
    name: "c",
    state: { running: { startedAt: "2026-01-01T00:00:01Z" } },
    lastState: {},
    ready: true,
    restartCount: 0,
    image: "img",
    imageID: "sha256:1",
    containerID: "containerd://abc",
    started: true,
  });
  assert.equal(status.podIP, "10.1.0.2");
  assert.equal(status.hostIP, "192.0.2.1");
  assert.equal(status.startTime, "2026-01-01T00:00:10Z");
});

test("a container in back-off shows CrashLoopBackOff with the last termination, and the pod stays Running", () => {
  const exited = runtimeStatus({ state: "CONTAINER_EXITED", exitCode: 3, reason: "Error", finishedAt: T0 + 2 * SECOND, metadata: { name: "c", attempt: 2 } });
  const status = computePodStatus(pod({ containers: [{ name: "c" }] }), observe({ c: { latest: exited, waiting: { reason: "CrashLoopBackOff", message: "back-off 20s" }, ready: false, started: false } }));
  assert.equal(status.phase, "Running");
  const [container] = status.containerStatuses;
  assert.deepEqual(container?.state, { waiting: { reason: "CrashLoopBackOff", message: "back-off 20s" } });
  assert.equal(container?.lastState.terminated?.exitCode, 3);
  assert.equal(container?.restartCount, 2);
  const ready = status.conditions.find((c) => c.type === "Ready");
  assert.deepEqual([ready?.status, ready?.reason, ready?.message], ["False", "ContainersNotReady", "containers with unready status: [c]"]);
});

test("the restart policy decides the phase of exited containers", () => {
  const ok = runtimeStatus({ state: "CONTAINER_EXITED", exitCode: 0, reason: "Completed", finishedAt: T0 + SECOND });
  const failed = runtimeStatus({ state: "CONTAINER_EXITED", exitCode: 1, reason: "Error", finishedAt: T0 + SECOND });
  const phase = (policy: string, latest: ContainerStatus) => computePodStatus(pod({ restartPolicy: policy, containers: [{ name: "c" }] }), observe({ c: { latest, ready: false, started: false } })).phase;
  assert.equal(phase("Never", ok), "Succeeded");
  assert.equal(phase("Never", failed), "Failed");
  assert.equal(phase("OnFailure", ok), "Succeeded");
  assert.equal(phase("OnFailure", failed), "Running");
  assert.equal(phase("Always", ok), "Running");
});

test("init containers hold the pod Pending and its containers PodInitializing", () => {
  const spec = { initContainers: [{ name: "i" }], containers: [{ name: "c" }] };
  const status = computePodStatus(pod(spec), observe({ i: { latest: runtimeStatus({ metadata: { name: "i", attempt: 0 } }), ready: false, started: false } }));
  assert.equal(status.phase, "Pending");
  assert.deepEqual(status.containerStatuses[0]?.state, { waiting: { reason: "PodInitializing" } });
  const initialized = status.conditions.find((c) => c.type === "Initialized");
  assert.deepEqual([initialized?.status, initialized?.message], ["False", "containers with incomplete status: [i]"]);
  const failedNever = computePodStatus(pod({ ...spec, restartPolicy: "Never" }), observe({ i: { latest: runtimeStatus({ state: "CONTAINER_EXITED", exitCode: 1 }), ready: false, started: false } }));
  assert.equal(failedNever.phase, "Failed");
  const done = computePodStatus(pod(spec), observe({ i: { latest: runtimeStatus({ state: "CONTAINER_EXITED", exitCode: 0, reason: "Completed" }), ready: false, started: false } }));
  assert.equal(done.initContainerStatuses?.[0]?.ready, true);
  assert.deepEqual(done.containerStatuses[0]?.state, { waiting: { reason: "ContainerCreating" } });
});

test("a terminal phase never goes back, and condition transition times stay while the status stays", () => {
  const earlier = "2025-12-31T00:00:00Z";
  const before = pod({ containers: [{ name: "c" }] }, { phase: "Succeeded", conditions: [{ type: "PodReadyToStartContainers", status: "True", lastTransitionTime: earlier }, { type: "PodScheduled", status: "True", lastTransitionTime: earlier }] });
  const status = computePodStatus(before, observe({ c: { latest: runtimeStatus({}), ready: true, started: true } }));
  assert.equal(status.phase, "Succeeded");
  assert.equal(status.conditions.find((c) => c.type === "PodReadyToStartContainers")?.lastTransitionTime, earlier);
  assert.ok(status.conditions.some((c) => c.type === "PodScheduled"), "conditions of others are kept");
});

test("a started sidecar initializes the pod, runs beside it and counts toward readiness", () => {
  const spec = { initContainers: [{ name: "s", restartPolicy: "Always" }], containers: [{ name: "c" }] };
  const sidecar = runtimeStatus({ id: "side", metadata: { name: "s", attempt: 0 } });
  const notStarted = computePodStatus(pod(spec), observe({ s: { latest: sidecar, ready: false, started: false } }));
  assert.equal(notStarted.phase, "Pending", "until its startup probe passes");
  assert.equal(notStarted.conditions.find((c) => c.type === "Initialized")?.message, "containers with incomplete status: [s]");
  assert.deepEqual(notStarted.containerStatuses[0]?.state, { waiting: { reason: "PodInitializing" } });
  const unready = computePodStatus(pod(spec), observe({ s: { latest: sidecar, ready: false, started: true }, c: { latest: runtimeStatus({}), ready: true, started: true } }));
  assert.equal(unready.phase, "Running");
  assert.equal(unready.conditions.find((c) => c.type === "Initialized")?.status, "True");
  assert.deepEqual(unready.initContainerStatuses?.[0] && [unready.initContainerStatuses[0].started, unready.initContainerStatuses[0].ready], [true, false]);
  const ready = unready.conditions.find((c) => c.type === "Ready");
  assert.deepEqual([ready?.status, ready?.reason, ready?.message], ["False", "ContainersNotReady", "containers with unready status: [s]"]);
});

test("a restarting sidecar keeps an initialized pod Running, and stopped sidecars leave the phase to the main containers", () => {
  const spec = { restartPolicy: "Never", initContainers: [{ name: "s", restartPolicy: "Always" }], containers: [{ name: "c" }] };
  const crashed = runtimeStatus({ id: "side", state: "CONTAINER_EXITED", exitCode: 1, reason: "Error", finishedAt: T0 + SECOND, metadata: { name: "s", attempt: 1 } });
  const restarting = computePodStatus(pod(spec), observe({ s: { latest: crashed, waiting: { reason: "CrashLoopBackOff" }, ready: false, started: false }, c: { latest: runtimeStatus({}), ready: true, started: true } }));
  assert.equal(restarting.phase, "Running");
  const exited = (exitCode: number) => runtimeStatus({ state: "CONTAINER_EXITED", exitCode, reason: exitCode === 0 ? "Completed" : "Error", finishedAt: T0 + 2 * SECOND });
  const stoppedSidecar = runtimeStatus({ id: "side", state: "CONTAINER_EXITED", exitCode: 143, reason: "Error", finishedAt: T0 + 3 * SECOND, metadata: { name: "s", attempt: 0 } });
  const phase = (main: ContainerStatus) => computePodStatus(pod(spec), observe({ s: { latest: stoppedSidecar, ready: false, started: false }, c: { latest: main, ready: false, started: false } })).phase;
  assert.equal(phase(exited(0)), "Succeeded", "a sidecar killed at the end does not fail the pod");
  assert.equal(phase(exited(2)), "Failed");
  const stillRunning = computePodStatus(pod(spec), observe({ s: { latest: runtimeStatus({ id: "side", metadata: { name: "s", attempt: 0 } }), ready: true, started: true }, c: { latest: exited(0), ready: false, started: false } }));
  assert.equal(stillRunning.phase, "Running", "until the kubelet has stopped the sidecar");
});

test("an evicted pod is Failed with the reason and message, and finished pods are never Ready", () => {
  const spec = { containers: [{ name: "c" }] };
  const evicted = { reason: "DeadlineExceeded", message: "Pod was active on the node longer than the specified deadline" };
  const status = computePodStatus(pod(spec), { ...observe({ c: { latest: runtimeStatus({}), ready: true, started: true } }), evicted });
  assert.deepEqual([status.phase, status.reason, status.message], ["Failed", evicted.reason, evicted.message]);
  const ready = status.conditions.find((c) => c.type === "Ready");
  assert.deepEqual([ready?.status, ready?.reason], ["False", "PodFailed"]);
  const done = computePodStatus(pod({ restartPolicy: "Never", ...spec }), observe({ c: { latest: runtimeStatus({ state: "CONTAINER_EXITED", exitCode: 0, reason: "Completed" }), ready: false, started: false } }));
  assert.deepEqual(done.conditions.map((c) => [c.type, c.status, c.reason]), [["PodReadyToStartContainers", "True", undefined], ["Initialized", "True", "PodCompleted"], ["ContainersReady", "False", "PodCompleted"], ["Ready", "False", "PodCompleted"]]);
});

test("a readiness gate without its condition holds Ready back with upstream's message", () => {
  const status = computePodStatus(pod({ readinessGates: [{ conditionType: "example.com/lb" }], containers: [{ name: "c" }] }), observe({ c: { latest: runtimeStatus({}), ready: true, started: true } }));
  const ready = status.conditions.find((c) => c.type === "Ready");
  assert.deepEqual([ready?.status, ready?.reason, ready?.message], ["False", "ReadinessGatesNotReady", 'corresponding condition of pod readiness gate "example.com/lb" does not exist.']);
  assert.equal(status.conditions.find((c) => c.type === "ContainersReady")?.status, "True");
});

test("a container that terminated for good keeps its terminated state when the runtime forgets it (its sandbox died)", () => {
  const done = { name: "setup", state: { terminated: { exitCode: 0, reason: "Completed", containerID: "containerd://old" } }, lastState: {}, ready: true, restartCount: 0, image: "img", imageID: "sha256:1", started: false };
  const spec = (restartPolicy: string) => ({ restartPolicy, initContainers: [{ name: "setup", image: "img" }], containers: [{ name: "c", image: "img" }] });
  const before = (restartPolicy: string) => pod(spec(restartPolicy), { phase: "Running", initContainerStatuses: [done] });
  // The new sandbox holds no containers yet: without the old state, setup would read as waiting again.
  const onFailure = computePodStatus(before("OnFailure"), observe({}));
  assert.deepEqual(onFailure.initContainerStatuses?.[0], done, "exit 0 under OnFailure is final: the API refuses to see it run again");
  const always = computePodStatus(before("Always"), observe({}));
  assert.deepEqual(always.initContainerStatuses?.[0]?.state, { waiting: { reason: "PodInitializing" } }, "under Always it may start again");
});
