import { test } from "node:test";
import assert from "node:assert/strict";
import { clusterIPRange, ipv4ToNumber, nodePortRange, numberToIPv4 } from "./service-ip-allocator.js";

const ip = (text: string): number => ipv4ToNumber(text) ?? Number.NaN;

test("ranges: usable values and the static band", () => {
  const cases = [
    { range: clusterIPRange("10.96.0.0/12"), first: ip("10.96.0.1"), size: 2 ** 20 - 2, staticBand: 256 },
    { range: clusterIPRange("10.96.7.9/24"), first: ip("10.96.7.1"), size: 254, staticBand: 16 },
    { range: clusterIPRange("10.0.0.0/29"), first: ip("10.0.0.1"), size: 6, staticBand: 0 },
    { range: nodePortRange("30000-32767"), first: 30000, size: 2768, staticBand: 86 },
    { range: nodePortRange("30000-30009"), first: 30000, size: 10, staticBand: 0 },
  ];
  for (const c of cases) {
    assert.deepEqual([c.range.first, c.range.size, c.range.staticBand], [c.first, c.size, c.staticBand]);
  }
  assert.throws(() => clusterIPRange("fd00::/108"), /not an IPv4 CIDR/);
  assert.throws(() => clusterIPRange("10.0.0.0/31"), /not an IPv4 CIDR/);
  assert.throws(() => nodePortRange("32767-30000"), /not of the form/);
  assert.equal(numberToIPv4(ip("192.168.10.254")), "192.168.10.254");
});

test("dynamic allocation takes the upper band first, then the static band, then gives up", () => {
  const ports = nodePortRange("30000-32767");
  assert.equal(ports.allocate("a", () => 0), 30086);
  assert.equal(ports.allocate("a", () => 0), 30087, "the next free one after the random start");
  const small = clusterIPRange("10.0.0.0/29");
  const taken = Array.from({ length: 6 }, (_, i) => small.allocate(`svc-${i}`, () => 0.5));
  assert.deepEqual(taken.map((value) => numberToIPv4(value ?? 0)).sort(), ["10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5", "10.0.0.6"]);
  assert.equal(small.allocate("svc-6"), undefined, "full");
  small.release("svc-2");
  assert.equal(small.allocate("svc-6"), taken[2], "a released value is free again");
});

test("holding, checking and releasing requested values", () => {
  const ips = clusterIPRange("10.96.0.0/12");
  const wanted = ip("10.96.0.50");
  assert.equal(ips.check("default/a", wanted), "ok");
  ips.hold("default/a", [wanted]);
  ips.hold("default/b", [wanted]);
  assert.deepEqual(ips.holders(wanted), ["default/a", "default/b"]);
  assert.equal(ips.check("default/a", wanted), "ok", "the first claimant owns it");
  assert.equal(ips.check("default/b", wanted), "taken");
  assert.equal(ips.check("default/c", ip("10.200.0.1")), "out-of-range");
  assert.equal(ips.check("default/c", ip("10.96.0.0")), "out-of-range", "the network address is not usable");
  ips.release("default/a");
  assert.equal(ips.check("default/b", wanted), "ok", "the next claimant inherits it");
  ips.hold("default/b", []);
  assert.deepEqual(ips.holders(wanted), []);
});
