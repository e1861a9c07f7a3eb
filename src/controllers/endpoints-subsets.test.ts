import { test } from "node:test";
import assert from "node:assert/strict";
import { MAX_ENDPOINT_ADDRESSES, repackSubsets, truncateSubsets, type AddressEntry, type EndpointPort, type EndpointSubset } from "./endpoints-subsets.js";

const http: EndpointPort = { name: "http", port: 8080, protocol: "TCP" };
const dns: EndpointPort = { name: "dns", port: 53, protocol: "UDP" };
const at = (ip: string, port: EndpointPort | undefined, ready = true): AddressEntry => ({ address: { ip }, port, ready });

const cases: { name: string; entries: AddressEntry[]; subsets: EndpointSubset[] }[] = [
  { name: "nothing gives no subsets", entries: [], subsets: [] },
  {
    name: "addresses serving the same ports share one subset, sorted",
    entries: [at("10.0.0.2", http), at("10.0.0.1", http), at("10.0.0.2", dns), at("10.0.0.1", dns)],
    subsets: [{ addresses: [{ ip: "10.0.0.1" }, { ip: "10.0.0.2" }], ports: [dns, http] }],
  },
  {
    name: "addresses serving different ports get separate subsets",
    entries: [at("10.0.0.1", http), at("10.0.0.2", dns)],
    subsets: [
      { addresses: [{ ip: "10.0.0.1" }], ports: [http] },
      { addresses: [{ ip: "10.0.0.2" }], ports: [dns] },
    ],
  },
  {
    name: "not-ready addresses sit beside ready ones",
    entries: [at("10.0.0.1", http), at("10.0.0.2", http, false)],
    subsets: [{ addresses: [{ ip: "10.0.0.1" }], notReadyAddresses: [{ ip: "10.0.0.2" }], ports: [http] }],
  },
  {
    name: "an address both ready and not ready for a port counts as ready",
    entries: [at("10.0.0.1", http, false), at("10.0.0.1", http, true)],
    subsets: [{ addresses: [{ ip: "10.0.0.1" }], ports: [http] }],
  },
  {
    name: "a headless service without ports gives a subset without ports",
    entries: [at("10.0.0.1", undefined)],
    subsets: [{ addresses: [{ ip: "10.0.0.1" }] }],
  },
];

for (const { name, entries, subsets } of cases) {
  test(`repackSubsets: ${name}`, () => assert.deepEqual(repackSubsets(entries), subsets));
}

test("truncateSubsets keeps ready addresses first and reports the cut", () => {
  const entries = Array.from({ length: MAX_ENDPOINT_ADDRESSES + 10 }, (_, i) => at(`10.1.${i >> 8}.${i & 255}`, http, i % 2 === 0));
  const subsets = repackSubsets(entries);
  assert.equal(truncateSubsets(subsets), true);
  const ready = subsets.reduce((n, s) => n + (s.addresses?.length ?? 0), 0);
  const notReady = subsets.reduce((n, s) => n + (s.notReadyAddresses?.length ?? 0), 0);
  assert.equal(ready, (MAX_ENDPOINT_ADDRESSES + 10) / 2);
  assert.equal(ready + notReady, MAX_ENDPOINT_ADDRESSES);
  assert.equal(truncateSubsets(repackSubsets([at("10.0.0.1", http)])), false);
});
