import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { createLogger } from "../log.js";
import { execFileSync } from "node:child_process";
import { checkBridgeName, checkPodCidr, enableIpForwarding, ensurePodMasquerade, masqueradeRules, podNetworkFor, removePodMasquerade, renderCniConflist } from "./cni.js";

test("podNetworkFor derives a stable bridge and /24 per data dir, inside 10.224.0.0/12", () => {
  const dirs = Array.from({ length: 50 }, (_, i) => `/tmp/mini-e2e-${i}/data`);
  const networks = dirs.map((dir) => podNetworkFor(dir));
  assert.deepEqual(podNetworkFor(dirs[0] ?? ""), networks[0]);
  for (const { podCidr, bridge } of networks) {
    const [a, b, , d] = podCidr.replace("/24", "").split(".").map(Number);
    assert.ok(a === 10 && b !== undefined && b >= 224 && b <= 239 && d === 0, podCidr);
    assert.match(bridge, /^mini[0-9a-f]{8}$/);
    assert.equal(checkBridgeName(bridge), undefined);
  }
  assert.equal(new Set(networks.map((n) => n.bridge)).size, 50, "no two data dirs share a bridge");
  assert.ok(new Set(networks.map((n) => n.podCidr)).size >= 49, "subnets almost never collide");
});

test("podNetworkFor takes the CIDR and bridge when given", () => {
  assert.deepEqual(podNetworkFor("/x", { podCidr: "10.1.2.0/24", bridge: "br-test" }), { podCidr: "10.1.2.0/24", bridge: "br-test" });
});

test("the conflist chains bridge (host-local IPAM) and portmap", () => {
  const conflist = JSON.parse(renderCniConflist({ podCidr: "10.230.5.0/24", bridge: "mini0" }, "/data/cni/ipam"));
  assert.equal(conflist.cniVersion, "1.0.0");
  assert.deepEqual(conflist.plugins.map((p: { type: string }) => p.type), ["bridge", "portmap"]);
  assert.deepEqual(conflist.plugins[0], {
    type: "bridge",
    bridge: "mini0",
    isGateway: true,
    ipMasq: false,
    hairpinMode: true,
    ipam: { type: "host-local", ranges: [[{ subnet: "10.230.5.0/24" }]], routes: [{ dst: "0.0.0.0/0" }], dataDir: "/data/cni/ipam" },
  });
  assert.deepEqual(conflist.plugins[1].capabilities, { portMappings: true });
});

test("checkPodCidr and checkBridgeName refuse what the plugins cannot use", () => {
  assert.equal(checkPodCidr("10.244.0.0/24"), undefined);
  assert.equal(checkPodCidr("10.0.0.0/8"), undefined);
  assert.match(checkPodCidr("10.244.0.0") ?? "", /must be an IPv4 CIDR/);
  assert.match(checkPodCidr("10.300.0.0/24") ?? "", /octets up to 255/);
  assert.match(checkPodCidr("10.0.0.0/30") ?? "", /prefix from \/8 to \/28/);
  assert.match(checkBridgeName("a-name-longer-than-15") ?? "", /1 to 15/);
  assert.match(checkBridgeName("bad name") ?? "", /1 to 15/);
});

test("enableIpForwarding writes 1, and only warns when it may not", async () => {
  const dir = await mkdtemp(join(tmpdir(), "mini-fwd-"));
  const lines: string[] = [];
  const log = createLogger("test", { write: (line) => lines.push(line) });
  try {
    await enableIpForwarding(log, join(dir, "ip_forward"));
    assert.equal(await readFile(join(dir, "ip_forward"), "utf8"), "1\n");
    await enableIpForwarding(log, join(dir, "missing", "ip_forward"));
    assert.equal(lines.length, 1);
    assert.match(lines[0] ?? "", /WARN .*cannot enable IP forwarding.*sysctl -w net\.ipv4\.ip_forward=1/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

/** The nat table's rules that mention `text`, as iptables prints them. */
function natRules(text: string): string[] {
  return execFileSync("iptables", ["-t", "nat", "-S"], { encoding: "utf8" }).split("\n").filter((line) => line.includes(text));
}

test("the pods' masquerade rules are installed once (a restart adds no duplicate) and removed", async () => {
  // Real iptables (the e2e machines run as root): a test network no mini uses.
  const network = { podCidr: "10.239.254.0/24", bridge: "minitestmasq" };
  const { chain } = masqueradeRules(network);
  const lines: string[] = [];
  const log = createLogger("test", { write: (line) => lines.push(line) });
  try {
    await ensurePodMasquerade(network, log);
    await ensurePodMasquerade(network, log);
    assert.deepEqual(lines, []);
    assert.deepEqual(natRules(chain), [
      `-N ${chain}`,
      `-A POSTROUTING -s 10.239.254.0/24 -m comment --comment "mini pods on minitestmasq" -j ${chain}`,
      `-A ${chain} -d 10.239.254.0/24 -j RETURN`,
      `-A ${chain} -d 224.0.0.0/4 -j RETURN`,
      `-A ${chain} -j MASQUERADE`,
    ]);
  } finally {
    await removePodMasquerade(network, log);
  }
  assert.deepEqual(natRules(chain), []);
  assert.deepEqual(lines, []);
});