import { test } from "node:test";
import assert from "node:assert/strict";
import { networkPolicyKind } from "./networkpolicy.js";
import { create, object, row } from "./common/_core-test-kit.js";

const policy = (spec: Record<string, unknown>) => object(networkPolicyKind, { spec }, "deny");

test("NetworkPolicy defaults policyTypes and port protocols", () => {
  const cases: [string, Record<string, unknown>, Record<string, unknown>][] = [
    ["ingress only", { podSelector: {} }, { podSelector: {}, policyTypes: ["Ingress"] }],
    ["with egress", { podSelector: {}, egress: [{ ports: [{ port: 53 }] }] },
      { podSelector: {}, egress: [{ ports: [{ port: 53, protocol: "TCP" }] }], policyTypes: ["Ingress", "Egress"] }],
    ["explicit types kept", { podSelector: {}, policyTypes: ["Egress"], ingress: [{ ports: [{ protocol: "UDP" }] }] },
      { podSelector: {}, policyTypes: ["Egress"], ingress: [{ ports: [{ protocol: "UDP" }] }] }],
  ];
  for (const [name, spec, want] of cases) assert.deepEqual(create(networkPolicyKind, policy(spec)).object.spec, want, name);
});

test("NetworkPolicy validation", () => {
  const cases: [string, Record<string, unknown>, string[]][] = [
    ["valid", { podSelector: { matchLabels: { app: "web" } }, ingress: [{ from: [{ podSelector: {}, namespaceSelector: {} }, { ipBlock: { cidr: "10.0.0.0/8", except: ["10.1.0.0/16"] } }], ports: [{ port: 80, endPort: 90 }, { port: "http" }] }] }, []],
    ["policy types", { podSelector: {}, policyTypes: ["Ingress", "Egress", "Both"] }, [
      'spec.policyTypes: Invalid value: ["Ingress","Egress","Both"]: may not specify more than two policyTypes',
      'spec.policyTypes[2]: Unsupported value: "Both": supported values: "Ingress", "Egress"',
    ]],
    ["ports", { podSelector: {}, egress: [{ ports: [
      { protocol: "ICMP", port: 0 }, { port: 90, endPort: 80 }, { port: "http", endPort: 90 }, { endPort: 90 },
    ] }] }, [
      'spec.egress[0].ports[0].protocol: Unsupported value: "ICMP": supported values: "TCP", "UDP", "SCTP"',
      "spec.egress[0].ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive",
      "spec.egress[0].ports[1].endPort: Invalid value: 90: must be greater than or equal to `port`",
      "spec.egress[0].ports[2].endPort: Invalid value: 90: may not be specified when `port` is non-numeric",
      "spec.egress[0].ports[3].endPort: Invalid value: 90: may not be specified when `port` is not specified",
    ]],
    ["peers", { podSelector: {}, egress: [{ to: [
      {}, { podSelector: {}, ipBlock: { cidr: "10.0.0.0/8" } }, { ipBlock: {} }, { ipBlock: { cidr: "10.0.0.0" } },
      { ipBlock: { cidr: "10.0.0.0/16", except: ["10.0.0.0/16", "11.0.0.0/24", "fd00::/64", "x"] } },
    ] }] }, [
      "spec.egress[0].to[0]: Required value: must specify a peer",
      "spec.egress[0].to[1]: Forbidden: may not specify both ipBlock and another peer",
      "spec.egress[0].to[2].ipBlock.cidr: Required value",
      'spec.egress[0].to[3].ipBlock.cidr: Invalid value: "10.0.0.0": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
      'spec.egress[0].to[4].ipBlock.except[0]: Invalid value: "10.0.0.0/16": must be a strict subset of `cidr`',
      'spec.egress[0].to[4].ipBlock.except[1]: Invalid value: "11.0.0.0/24": must be a strict subset of `cidr`',
      'spec.egress[0].to[4].ipBlock.except[2]: Invalid value: "fd00::/64": must be a strict subset of `cidr`',
      'spec.egress[0].to[4].ipBlock.except[3]: Invalid value: "x": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
    ]],
    ["selector", { podSelector: { matchExpressions: [{ key: "a", operator: "In" }] } }, [
      "spec.podSelector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
    ]],
  ];
  for (const [name, spec, want] of cases) assert.deepEqual(create(networkPolicyKind, policy(spec)).errors, want, name);
});

test("NetworkPolicy POD-SELECTOR cell", () => {
  assert.deepEqual(row(networkPolicyKind, policy({ podSelector: {} })), ["deny", "<none>", "5m"]);
  assert.deepEqual(row(networkPolicyKind, policy({ podSelector: { matchLabels: { app: "web", tier: "fe" } } })), ["deny", "app=web,tier=fe", "5m"]);
});
