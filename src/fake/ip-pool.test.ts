import { test } from "node:test";
import assert from "node:assert/strict";
import { IpPool } from "./ip-pool.js";
import { formatCidr, parseCidr, parseIPv4 } from "./ipv4.js";
import { MAX_FAKE_NODES, nodeIPFor, podCIDRFor } from "./nodes.js";

const cidr = (text: string) => parseCidr(text) ?? assert.fail(`bad CIDR ${text}`);

test("CIDRs parse to their network block; other text does not", () => {
  assert.deepEqual(parseCidr("10.244.1.7/24"), { base: parseIPv4("10.244.1.0"), prefixLength: 24, size: 256 });
  assert.equal(formatCidr(cidr("10.244.1.7/24")), "10.244.1.0/24");
  for (const bad of ["10.244.1.0", "10.244.1.0/33", "10.244.256.0/24", "fd00::/64", "a.b.c.d/8"]) assert.equal(parseCidr(bad), undefined, bad);
});

test("pods get sequential addresses from .2, and keep theirs when asked again", () => {
  const pool = new IpPool();
  const range = cidr("10.244.1.0/24");
  assert.equal(pool.allocate(range, "a"), "10.244.1.2");
  assert.equal(pool.allocate(range, "b"), "10.244.1.3");
  assert.equal(pool.allocate(range, "a"), "10.244.1.2");
  assert.equal(pool.allocate(cidr("10.244.2.0/24"), "c"), "10.244.2.2");
});

test("reserved addresses are skipped and released ones come back after a full turn", () => {
  const pool = new IpPool();
  const range = cidr("10.244.1.0/29"); // .2 to .6 usable
  pool.reserve("10.244.1.3", "old");
  assert.deepEqual(["a", "b", "c", "d"].map((uid) => pool.allocate(range, uid)), ["10.244.1.2", "10.244.1.4", "10.244.1.5", "10.244.1.6"]);
  assert.throws(() => pool.allocate(range, "e"), /No free pod IP left in 10\.244\.1\.0\/29/);
  pool.release("b");
  assert.equal(pool.allocate(range, "e"), "10.244.1.4");
});

test("fake node addresses stay distinct from each other and from pod ranges", () => {
  assert.equal(podCIDRFor(1), "10.244.1.0/24");
  assert.equal(nodeIPFor(1), "10.0.1.1");
  assert.equal(podCIDRFor(256), "10.245.0.0/24");
  assert.equal(podCIDRFor(3072), "10.128.0.0/24");
  assert.equal(podCIDRFor(MAX_FAKE_NODES), "10.243.255.0/24");
  assert.equal(nodeIPFor(MAX_FAKE_NODES), "10.127.255.1");
});
