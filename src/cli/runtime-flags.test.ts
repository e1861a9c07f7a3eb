import assert from "node:assert/strict";
import { test } from "node:test";
import { parseRuntimeFlags } from "./runtime-flags.js";

test("no runtime flag asks for containerd when it can run (auto), forwarding nothing", () => {
  assert.deepEqual(parseRuntimeFlags({}), { request: { mode: "auto" }, args: [] });
});

test("--runtime containerd|none, --pod-cidr and --cni-bridge are checked and forwarded", () => {
  assert.deepEqual(parseRuntimeFlags({ runtime: "none" }), { request: undefined, args: ["--runtime", "none"] });
  assert.deepEqual(parseRuntimeFlags({ runtime: "containerd", "pod-cidr": "10.9.0.0/24", "cni-bridge": "mini-x" }), {
    request: { mode: "containerd", podCidr: "10.9.0.0/24", bridge: "mini-x" },
    args: ["--runtime", "containerd", "--pod-cidr", "10.9.0.0/24", "--cni-bridge", "mini-x"],
  });
});

test("--containerd-socket attaches (resolved to an absolute path) and must then be reachable", () => {
  const parsed = parseRuntimeFlags({ "containerd-socket": "rel/containerd.sock" });
  assert.ok(typeof parsed !== "string");
  assert.equal(parsed.request?.mode, "containerd");
  assert.match(parsed.request?.containerdSocket ?? "", /^\/.*\/rel\/containerd\.sock$/);
  assert.deepEqual(parsed.args, ["--containerd-socket", parsed.request?.containerdSocket]);
});

test("contradictions and bad values are usage errors", () => {
  const cases: [Parameters<typeof parseRuntimeFlags>[0], RegExp][] = [
    [{ runtime: "docker" }, /^--runtime must be containerd or none, not "docker"$/],
    [{ runtime: "none", "containerd-socket": "/s" }, /^--containerd-socket needs a container runtime, not --runtime=none$/],
    [{ runtime: "none", "pod-cidr": "10.0.0.0/24" }, /^--pod-cidr needs a container runtime/],
    [{ "containerd-socket": "/s", "pod-cidr": "10.0.0.0/24" }, /configure mini's own containerd/],
    [{ "pod-cidr": "10.0.0.0" }, /^--pod-cidr must be an IPv4 CIDR/],
    [{ "cni-bridge": "way-too-long-bridge" }, /^--cni-bridge must be 1 to 15/],
  ];
  for (const [flags, message] of cases) assert.match(String(parseRuntimeFlags(flags)), message, JSON.stringify(flags));
});
