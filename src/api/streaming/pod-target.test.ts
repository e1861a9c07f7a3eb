import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { KubeObject } from "../../apis/types.js";
import { ApiError } from "../../machinery/status.js";
import { chooseContainer, criContainerId, isSimulated, logContainerId, runningContainerId } from "./pod-target.js";

function pod(containers: string[], statuses: object[] = [], init: string[] = []): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "web", namespace: "default" },
    spec: { nodeName: "n1", containers: containers.map((name) => ({ name })), initContainers: init.map((name) => ({ name })) },
    status: { containerStatuses: statuses },
  } as KubeObject;
}

function message(run: () => unknown): string {
  try {
    run();
  } catch (error: unknown) {
    assert.ok(error instanceof ApiError);
    assert.equal(error.code, 400);
    return error.status.message ?? "";
  }
  assert.fail("no error");
}

describe("chooseContainer()", () => {
  it("takes the only container when none is named", () => assert.equal(chooseContainer(pod(["app"]), ""), "app"));
  it("asks for a name when there are several, listing init containers first", () => {
    assert.equal(message(() => chooseContainer(pod(["a", "b"], [], ["setup"]), "")), "a container name must be specified for pod web, choose one of: [setup a b]");
  });
  it("accepts an init container and refuses an unknown one", () => {
    assert.equal(chooseContainer(pod(["a"], [], ["setup"]), "setup"), "setup");
    assert.equal(message(() => chooseContainer(pod(["a"]), "nope")), "container nope is not valid for pod web");
  });
});

describe("logContainerId()", () => {
  const running = { name: "app", containerID: "containerd://new", state: { running: {} }, lastState: { terminated: { containerID: "containerd://old" } } };
  it("reads the running instance, or the previous one when asked", () => {
    assert.equal(logContainerId(pod(["app"], [running]), "app", false), "containerd://new");
    assert.equal(logContainerId(pod(["app"], [running]), "app", true), "containerd://old");
  });
  it("falls back to the last instance while the next one waits", () => {
    const waiting = { name: "app", state: { waiting: { reason: "CrashLoopBackOff" } }, lastState: { terminated: { containerID: "containerd://old" } } };
    assert.equal(logContainerId(pod(["app"], [waiting]), "app", false), "containerd://old");
  });
  it("says why there is no log yet, in the kubelet's words", () => {
    const creating = { name: "app", state: { waiting: { reason: "ContainerCreating" } }, lastState: {} };
    assert.equal(message(() => logContainerId(pod(["app"], [creating]), "app", false)), 'container "app" in pod "web" is waiting to start: ContainerCreating');
    assert.equal(message(() => logContainerId(pod(["app"], [creating]), "app", true)), 'previous terminated container "app" in pod "web" not found');
    const pulling = { name: "app", state: { waiting: { reason: "ImagePullBackOff" } }, lastState: {} };
    assert.equal(message(() => logContainerId(pod(["app"], [pulling]), "app", false)), 'container "app" in pod "web" is waiting to start: trying and failing to pull image');
    assert.equal(message(() => logContainerId(pod(["app"]), "app", false)), 'container "app" in pod "web" is not available');
  });
});

describe("runningContainerId()", () => {
  it("refuses a container that does not run", () => {
    assert.equal(message(() => runningContainerId(pod(["app"], [{ name: "app", state: { waiting: { reason: "x" } } }]), "app")), 'container not found ("app")');
  });
});

describe("runtime ids", () => {
  it("criContainerId() strips containerd:// and leaves simulated ids out", () => {
    assert.equal(criContainerId("containerd://abc"), "abc");
    assert.equal(criContainerId("fake://abc"), undefined);
  });
  it("isSimulated() tells pods of simulated nodes by their container ids", () => {
    assert.equal(isSimulated(pod(["app"], [{ name: "app", containerID: "fake://x" }])), true);
    assert.equal(isSimulated(pod(["app"], [{ name: "app", containerID: "containerd://x" }])), false);
  });
});
