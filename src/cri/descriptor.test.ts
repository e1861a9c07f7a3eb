import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { DESCRIPTOR_PATH, PROTO_PATH, descriptorText } from "./generate-descriptor.js";

interface Message {
  readonly fields: Record<string, { readonly type: string; readonly id: number; readonly keyType?: string; readonly rule?: string }>;
}
interface Service {
  readonly methods: Record<string, { readonly requestType: string; readonly responseType: string }>;
}

const json = readFileSync(DESCRIPTOR_PATH, "utf8");
const v1 = (JSON.parse(json) as { nested: { runtime: { nested: { v1: { nested: Record<string, unknown> } } } } }).nested.runtime.nested.v1.nested;
const message = (name: string) => v1[name] as Message;

test("descriptor.json is what generate-descriptor.ts makes of api.proto", () => {
  assert.equal(json, descriptorText(readFileSync(PROTO_PATH, "utf8")), "run: node --import tsx src/cri/generate-descriptor.ts");
});

test("the services carry every RPC the kubelet and mini image use", () => {
  const runtime = Object.keys((v1.RuntimeService as Service).methods);
  const image = Object.keys((v1.ImageService as Service).methods);
  assert.deepEqual(runtime, [
    "Version", "RunPodSandbox", "StopPodSandbox", "RemovePodSandbox", "PodSandboxStatus", "ListPodSandbox",
    "CreateContainer", "StartContainer", "StopContainer", "RemoveContainer", "ListContainers", "ContainerStatus",
    "UpdateContainerResources", "ReopenContainerLog", "ExecSync", "Exec", "Attach", "PortForward",
    "ContainerStats", "ListContainerStats", "Status",
  ]);
  assert.deepEqual(image, ["ListImages", "ImageStatus", "PullImage", "RemoveImage", "ImageFsInfo"]);
});

test("fields keep cri-api's numbers and camelCase names", () => {
  // Spot checks where a wrong number would silently drop or garble data.
  assert.deepEqual(message("KeyValue").fields, { key: { type: "string", id: 1 }, value: { type: "string", id: 2 } });
  assert.equal(message("LinuxSandboxSecurityContext").fields.runAsGroup?.id, 8);
  assert.equal(message("LinuxContainerSecurityContext").fields.runAsGroup?.id, 12);
  assert.equal(message("ContainerStatus").fields.imageId?.id, 17);
  assert.equal(message("ContainerConfig").fields.linux?.id, 15);
  assert.equal(message("ImageSpec").fields.userSpecifiedImage?.id, 18);
  assert.deepEqual(message("PodSandboxConfig").fields.labels, { keyType: "string", type: "string", id: 6 });
  assert.deepEqual(message("ContainerConfig").fields.envs, { rule: "repeated", type: "KeyValue", id: 6 });
});
