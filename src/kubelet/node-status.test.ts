import assert from "node:assert/strict";
import { test } from "node:test";
import { runtimeHealth } from "./node-status.js";
import type { RuntimeCondition } from "./runtime.js";

const ready = (type: string): RuntimeCondition => ({ type, status: true, reason: "", message: "" });
const answering = (conditions: RuntimeCondition[]) => ({ status: async () => conditions });

test("runtimeHealth is ready only when the runtime and its network both are", async () => {
  assert.deepEqual(await runtimeHealth(answering([ready("RuntimeReady"), ready("NetworkReady")])), { errors: [] });
  const noCni = { type: "NetworkReady", status: false, reason: "NetworkPluginNotReady", message: "Network plugin returns error: cni plugin not initialized" };
  assert.deepEqual(await runtimeHealth(answering([ready("RuntimeReady"), noCni])), {
    errors: ["container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized"],
  });
  assert.deepEqual(await runtimeHealth(answering([])), {
    errors: ["container runtime not ready: <nil>", "container runtime network not ready: <nil>"],
  });
});

test("runtimeHealth says the runtime is down when it does not answer", async () => {
  const down = { status: async (): Promise<RuntimeCondition[]> => Promise.reject(new Error("connect ENOENT /run/containerd.sock")) };
  assert.deepEqual(await runtimeHealth(down), { errors: ["container runtime is down: connect ENOENT /run/containerd.sock"] });
});
