import { test } from "node:test";
import assert from "node:assert/strict";
import { endpointsKind } from "./endpoints.js";
import { create, object, row } from "./common/_core-test-kit.js";

const endpoints = (subsets: unknown[]) => object(endpointsKind, { subsets }, "web");
const addresses = (...ips: string[]) => ips.map((ip) => ({ ip }));

test("Endpoints ports default to TCP", () => {
  const { object: created } = create(endpointsKind, endpoints([{ addresses: addresses("10.0.0.1"), ports: [{ port: 80 }, { port: 53, protocol: "UDP" }] }]));
  assert.deepEqual((created.subsets as { ports: unknown[] }[])[0]?.ports, [{ port: 80, protocol: "TCP" }, { port: 53, protocol: "UDP" }]);
});

test("Endpoints validation reports upstream's causes", () => {
  const cases: [string, unknown[], string[]][] = [
    ["valid", [{ addresses: addresses("10.0.0.1"), notReadyAddresses: addresses("10.0.0.2"), ports: [{ port: 80 }] }], []],
    ["headless without ports", [{ addresses: addresses("10.0.0.1") }], []],
    ["no addresses", [{ ports: [{ port: 80 }] }], ["subsets[0]: Required value: must specify `addresses` or `notReadyAddresses`"]],
    ["loopback", [{ addresses: addresses("127.0.0.1") }], [
      'subsets[0].addresses[0].ip: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)',
    ]],
    ["not an IP", [{ notReadyAddresses: [{ ip: "web-1" }] }], [
      'subsets[0].notReadyAddresses[0].ip: Invalid value: "web-1": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
      'subsets[0].notReadyAddresses[0].ip: Invalid value: "web-1": must be a valid IP address',
    ]],
    ["hostname is a DNS label", [{ addresses: [{ ip: "10.0.0.1", hostname: "Web" }] }], [
      "subsets[0].addresses[0].hostname: Invalid value: \"Web\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
    ]],
    ["port names required for several ports", [{ addresses: addresses("10.0.0.1"), ports: [{ port: 80 }, { name: "b", port: 0 }] }], [
      "subsets[0].ports[0].name: Required value",
      "subsets[0].ports[1].port: Invalid value: 0: must be between 1 and 65535, inclusive",
    ]],
    ["protocol", [{ addresses: addresses("10.0.0.1"), ports: [{ port: 80, protocol: "ICMP" }] }], [
      'subsets[0].ports[0].protocol: Unsupported value: "ICMP": supported values: "SCTP", "TCP", "UDP"',
    ]],
  ];
  for (const [name, subsets, want] of cases) assert.deepEqual(create(endpointsKind, endpoints(subsets)).errors, want, name);
});

test("Endpoints ENDPOINTS column lists three host:port pairs, then how many more", () => {
  const cases: [string, unknown[], string][] = [
    ["none", [], "<none>"],
    ["one", [{ addresses: addresses("10.0.0.1"), ports: [{ port: 8080 }] }], "10.0.0.1:8080"],
    [
      "more than three",
      [{ addresses: addresses("10.0.0.1", "10.0.0.2"), ports: [{ port: 8080 }, { port: 9090 }] }],
      "10.0.0.1:8080,10.0.0.2:8080,10.0.0.1:9090 + 1 more...",
    ],
    ["IPv6 in brackets", [{ addresses: addresses("fd00::1"), ports: [{ port: 80 }] }], "[fd00::1]:80"],
    ["headless without ports", [{ addresses: addresses("10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4") }], "10.0.0.1,10.0.0.2,10.0.0.3 + 1 more..."],
    ["not ready only", [{ notReadyAddresses: addresses("10.0.0.1"), ports: [{ port: 80 }] }], ""],
  ];
  for (const [name, subsets, want] of cases) assert.deepEqual(row(endpointsKind, endpoints(subsets)), ["web", want, "5m"], name);
});
