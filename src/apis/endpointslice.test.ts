import { test } from "node:test";
import assert from "node:assert/strict";
import { endpointSliceKind } from "./endpointslice.js";
import { create, object, row, update } from "./common/_core-test-kit.js";

const slice = (fields: Record<string, unknown>) => object(endpointSliceKind, fields, "web-abc12");
const at = (...addresses: string[]) => ({ addresses });

test("EndpointSlice defaults port names and protocols, and drops deprecatedTopology", () => {
  const { object: created, errors } = create(
    endpointSliceKind,
    slice({ addressType: "IPv4", endpoints: [{ ...at("10.0.0.1"), deprecatedTopology: { zone: "a" } }], ports: [{ port: 80 }] }),
  );
  assert.deepEqual(errors, []);
  assert.deepEqual(created.ports, [{ port: 80, name: "", protocol: "TCP" }]);
  assert.deepEqual(created.endpoints, [at("10.0.0.1")]);
});

test("EndpointSlice validation reports upstream's causes", () => {
  const cases: [string, Record<string, unknown>, string[]][] = [
    ["valid", { addressType: "IPv4", endpoints: [at("10.0.0.1")], ports: [{ name: "http", port: 80 }] }, []],
    ["no address type", { endpoints: [] }, ["addressType: Required value"]],
    ["unknown address type", { addressType: "IP", endpoints: [] }, ['addressType: Unsupported value: "IP": supported values: "FQDN", "IPv4", "IPv6"']],
    ["endpoint without addresses", { addressType: "IPv4", endpoints: [{}] }, ["endpoints[0].addresses: Required value: must contain at least 1 address"]],
    ["IPv6 in an IPv4 slice", { addressType: "IPv4", endpoints: [at("fd00::1")] }, ['endpoints[0].addresses[0]: Invalid value: "fd00::1": must be a valid IPv4 address']],
    ["IPv4 in an IPv6 slice", { addressType: "IPv6", endpoints: [at("10.0.0.1")] }, ['endpoints[0].addresses[0]: Invalid value: "10.0.0.1": must be a valid IPv6 address']],
    ["link-local", { addressType: "IPv4", endpoints: [at("169.254.0.9")] }, [
      'endpoints[0].addresses[0]: Invalid value: "169.254.0.9": may not be in the link-local range (169.254.0.0/16, fe80::/10)',
    ]],
    ["FQDN", { addressType: "FQDN", endpoints: [at("db.example.com."), at("db")] }, [
      'endpoints[1].addresses[0]: Invalid value: "db": should be a domain with at least two segments separated by dots',
    ]],
    ["duplicate port names", { addressType: "IPv4", endpoints: [], ports: [{ port: 80 }, { port: 81 }] }, ['ports[1].name: Duplicate value: ""']],
    ["zone hints", { addressType: "IPv4", endpoints: [{ ...at("10.0.0.1"), hints: { forZones: [{ name: "a" }, { name: "a" }] } }] }, [
      'endpoints[0].hints.forZones[1].name: Duplicate value: "a"',
    ]],
    ["too many addresses", { addressType: "IPv4", endpoints: [at(...Array.from({ length: 101 }, (_, i) => `10.0.${i}.1`))] }, [
      "endpoints[0].addresses: Too many: 101: must have at most 100 items",
    ]],
  ];
  for (const [name, fields, want] of cases) assert.deepEqual(create(endpointSliceKind, slice(fields)).errors, want, name);
});

test("EndpointSlice addressType is immutable", () => {
  const old = create(endpointSliceKind, slice({ addressType: "IPv4", endpoints: [] })).object;
  assert.deepEqual(update(endpointSliceKind, slice({ addressType: "IPv6", endpoints: [] }), old).errors, ['addressType: Invalid value: "IPv6": field is immutable']);
  assert.deepEqual(update(endpointSliceKind, slice({ addressType: "IPv4", endpoints: [at("10.0.0.2")] }), old).errors, []);
});

test("EndpointSlice columns list ports and addresses, three at most", () => {
  const cases: [string, Record<string, unknown>, unknown[]][] = [
    ["empty", { addressType: "IPv4", endpoints: [] }, ["web-abc12", "IPv4", "<unset>", "<unset>", "5m"]],
    [
      "several",
      {
        addressType: "IPv4",
        ports: [{ port: 80 }, { name: "metrics" }, {}, { port: 443 }],
        endpoints: [at("10.0.0.1", "10.0.0.2"), at("10.0.0.3"), at("10.0.0.4")],
      },
      ["web-abc12", "IPv4", "80,metrics,* + 1 more...", "10.0.0.1,10.0.0.2,10.0.0.3 + 1 more...", "5m"],
    ],
  ];
  for (const [name, fields, want] of cases) assert.deepEqual(row(endpointSliceKind, slice(fields)), want, name);
});
