import assert from "node:assert/strict";
import { test } from "node:test";
import { defaultRouteInterface, osImageFrom, type HostInfo } from "./host-info.js";
import { newNode, nodeStatus, withoutHeartbeats } from "./node-object.js";

const host: HostInfo = {
  hostname: "box",
  cpus: 4,
  memoryBytes: 8 * 2 ** 30,
  storageBytes: 100 * 2 ** 30,
  internalIP: "192.0.2.7",
  kernelVersion: "6.1.0",
  osImage: "Debian GNU/Linux 12 (bookworm)",
  machineID: "m",
  bootID: "b",
  systemUUID: "s",
};
const settings = { host, maxPods: 110, podCIDR: "10.244.0.0/24", runtimeVersion: "containerd://1.6.20", kubeletVersion: "v1.32.0-mini" };

test("the registered node carries k3s-like labels and the pod range", () => {
  const node = newNode(settings);
  assert.equal(node.metadata.name, "box");
  assert.equal(node.metadata.labels?.["node-role.kubernetes.io/control-plane"], "true");
  assert.equal(node.metadata.labels?.["kubernetes.io/hostname"], "box");
  assert.deepEqual(node.spec, { podCIDR: "10.244.0.0/24", podCIDRs: ["10.244.0.0/24"] });
});

test("the node status reports capacity in upstream's units and Ready with its reason", () => {
  const status = nodeStatus(settings, { errors: [] }, undefined, "2026-01-01T00:00:00Z");
  assert.deepEqual(status["capacity"], { cpu: "4", memory: "8388608Ki", "ephemeral-storage": "104857600Ki", pods: "110" });
  const conditions = status["conditions"] as { type: string; status: string; reason: string; lastTransitionTime: string }[];
  assert.deepEqual(conditions.map((c) => [c.type, c.status, c.reason]), [
    ["MemoryPressure", "False", "KubeletHasSufficientMemory"],
    ["DiskPressure", "False", "KubeletHasNoDiskPressure"],
    ["PIDPressure", "False", "KubeletHasSufficientPID"],
    ["Ready", "True", "KubeletReady"],
  ]);
  const later = nodeStatus(settings, { errors: [] }, status, "2026-01-01T00:01:00Z");
  assert.equal(withoutHeartbeats(later), withoutHeartbeats(status), "only heartbeats moved: no write is needed");
  const down = nodeStatus(settings, { errors: ["container runtime is down: connection refused"] }, status, "2026-01-01T00:02:00Z");
  const ready = (down["conditions"] as (typeof conditions[number] & { message: string })[]).find((c) => c.type === "Ready");
  assert.deepEqual([ready?.status, ready?.reason, ready?.message, ready?.lastTransitionTime], ["False", "KubeletNotReady", "container runtime is down: connection refused", "2026-01-01T00:02:00Z"]);
  const both = nodeStatus(settings, { errors: ["a", "b"] }, status, "2026-01-01T00:03:00Z");
  assert.equal((both["conditions"] as { type: string; message: string }[]).find((c) => c.type === "Ready")?.message, "[a, b]");
});

test("host facts: the OS name and the default route's interface", () => {
  assert.equal(osImageFrom('NAME="Debian"\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n'), "Debian GNU/Linux 12 (bookworm)");
  assert.equal(defaultRouteInterface("Iface\tDestination\tGateway\neth1\t0000FEA9\t00000000\neth0\t00000000\t0100A8C0\n"), "eth0");
});
