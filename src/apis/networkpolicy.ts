/**
 * NetworkPolicy (networking.k8s.io/v1): which traffic may reach (ingress) or
 * leave (egress) the selected pods, by peer pods, namespaces or IP blocks and
 * by port. Enforced by the network plugin.
 */
import { BlockList } from "node:net";
import { forbidden, invalid, notSupported, required, type FieldError } from "../machinery/field-errors.js";
import { ageColumn, nameColumn } from "./columns.js";
import { atomicList, PROTOCOLS, stringList } from "./common/core-schemas.js";
import { cidrFamily, validateCIDR } from "./common/core-validation.js";
import { validateLabelSelector, type LabelSelector } from "./common/label-selector.js";
import { formatLabelSelector } from "../machinery/labels.js";
import { labelSelectorSchema, objectSchema } from "./common/meta.js";
import { describe, enumString, int32, intOrString, object, string } from "./common/schema-builders.js";
import { each, portNameProblems, portNumberProblems } from "./common/validation-helpers.js";
import type { KindDefinition, KubeObject, Schema } from "./types.js";

interface Port {
  protocol?: string;
  port?: number | string;
  endPort?: number;
}

interface Peer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: { cidr?: string; except?: string[] };
}

interface Rule {
  ports?: Port[];
  from?: Peer[];
  to?: Peer[];
}

interface NetworkPolicy extends KubeObject {
  spec?: { podSelector?: LabelSelector; policyTypes?: string[]; ingress?: Rule[]; egress?: Rule[] };
}

/** Upstream validates policyTypes against this order. */
const POLICY_TYPES = ["Ingress", "Egress"];

const portSchema = object({
  endPort: int32("Last port of a range starting at port; port must then be a number."),
  port: intOrString("Port number or named port on the pods; all ports when empty."),
  protocol: enumString(PROTOCOLS, "TCP, UDP or SCTP; defaults to TCP.", { default: "TCP" }),
});

const peerSchema = object({
  ipBlock: describe(
    object({ cidr: string("The allowed CIDR, e.g. 192.168.1.0/24."), except: stringList("CIDRs inside cidr to leave out.") }, ["cidr"]),
    "An IP range; may not be combined with the selectors.",
  ),
  namespaceSelector: describe(labelSelectorSchema, "Namespaces whose pods are peers; with podSelector, only the matching pods there."),
  podSelector: describe(labelSelectorSchema, "Pods that are peers, in the policy's namespace unless namespaceSelector is set."),
});

const ruleSchema = (peers: "from" | "to", direction: string): Schema =>
  object({
    [peers]: atomicList(peerSchema, `Peers traffic may ${direction}; any peer when empty.`),
    ports: atomicList(portSchema, "Ports the rule allows; all ports when empty."),
  });

const schema = objectSchema("Rules for which traffic may reach or leave a set of pods.", {
  spec: describe(
    object(
      {
        egress: atomicList(ruleSchema("to", "go to"), "Allowed outgoing traffic, when policyTypes includes Egress."),
        ingress: atomicList(ruleSchema("from", "come from"), "Allowed incoming traffic, when policyTypes includes Ingress."),
        podSelector: describe(labelSelectorSchema, "Pods in this namespace the policy applies to; empty selects all."),
        policyTypes: atomicList(enumString(["Egress", "Ingress"], "A direction."), "Directions the policy isolates; defaults from the rules present."),
      },
      ["podSelector"],
    ),
    "The pods selected and the traffic allowed.",
  ),
});

function validatePort(port: Port, path: string): FieldError[] {
  const errors: FieldError[] = [];
  if (port.protocol !== undefined && !(PROTOCOLS as readonly string[]).includes(port.protocol)) {
    errors.push(notSupported(`${path}.protocol`, port.protocol, ["TCP", "UDP", "SCTP"]));
  }
  const { port: value, endPort } = port;
  if (typeof value === "number") {
    errors.push(...each(portNumberProblems(value), `${path}.port`, value));
    if (endPort !== undefined) {
      if (endPort < value) errors.push(invalid(`${path}.endPort`, value, "must be greater than or equal to `port`"));
      errors.push(...each(portNumberProblems(endPort), `${path}.endPort`, endPort));
    }
  } else if (value !== undefined) {
    if (endPort !== undefined) errors.push(invalid(`${path}.endPort`, endPort, "may not be specified when `port` is non-numeric"));
    errors.push(...each(portNameProblems(value), `${path}.port`, value));
  } else if (endPort !== undefined) {
    errors.push(invalid(`${path}.endPort`, endPort, "may not be specified when `port` is not specified"));
  }
  return errors;
}

function validateIPBlock(block: NonNullable<Peer["ipBlock"]>, path: string): FieldError[] {
  if (!block.cidr) return [required(`${path}.cidr`)];
  const family = cidrFamily(block.cidr);
  if (!family) return validateCIDR(block.cidr, `${path}.cidr`);
  const [base = "", prefix = ""] = block.cidr.split("/");
  const range = new BlockList();
  range.addSubnet(base, Number(prefix), family === "IPv4" ? "ipv4" : "ipv6");
  return (block.except ?? []).flatMap((except, i) => {
    const at = `${path}.except[${i}]`;
    const exceptFamily = cidrFamily(except);
    if (!exceptFamily) return validateCIDR(except, at);
    const [address = "", exceptPrefix = ""] = except.split("/");
    const inside = exceptFamily === family && range.check(address, family === "IPv4" ? "ipv4" : "ipv6");
    return inside && Number(exceptPrefix) > Number(prefix) ? [] : [invalid(at, except, "must be a strict subset of `cidr`")];
  });
}

function validatePeer(peer: Peer, path: string): FieldError[] {
  const errors = [
    ...validateLabelSelector(peer.podSelector, `${path}.podSelector`),
    ...validateLabelSelector(peer.namespaceSelector, `${path}.namespaceSelector`),
    ...(peer.ipBlock ? validateIPBlock(peer.ipBlock, `${path}.ipBlock`) : []),
  ];
  const count = [peer.podSelector, peer.namespaceSelector, peer.ipBlock].filter((part) => part !== undefined).length;
  if (count === 0) errors.push(required(path, "must specify a peer"));
  else if (count > 1 && peer.ipBlock) errors.push(forbidden(path, "may not specify both ipBlock and another peer"));
  return errors;
}

function validateRules(rules: readonly Rule[], direction: "ingress" | "egress", peers: "from" | "to"): FieldError[] {
  return rules.flatMap((rule, i) => [
    ...(rule.ports ?? []).flatMap((port, j) => validatePort(port, `spec.${direction}[${i}].ports[${j}]`)),
    ...(rule[peers] ?? []).flatMap((peer, j) => validatePeer(peer, `spec.${direction}[${i}].${peers}[${j}]`)),
  ]);
}

function validateNetworkPolicy(policy: NetworkPolicy): FieldError[] {
  const spec = policy.spec ?? {};
  const errors = [
    ...validateLabelSelector(spec.podSelector, "spec.podSelector"),
    ...validateRules(spec.ingress ?? [], "ingress", "from"),
    ...validateRules(spec.egress ?? [], "egress", "to"),
  ];
  const types = spec.policyTypes ?? [];
  if (types.length > POLICY_TYPES.length) errors.push(invalid("spec.policyTypes", types, "may not specify more than two policyTypes"));
  types.forEach((type, i) => {
    if (!POLICY_TYPES.includes(type)) errors.push(notSupported(`spec.policyTypes[${i}]`, type, POLICY_TYPES));
  });
  return errors;
}

/** SetDefaults_NetworkPolicy and _NetworkPolicyPort. */
function defaultNetworkPolicy(policy: NetworkPolicy): void {
  const spec = policy.spec;
  if (!spec) return;
  for (const rule of [...(spec.ingress ?? []), ...(spec.egress ?? [])]) for (const port of rule.ports ?? []) port.protocol ??= "TCP";
  // Every policy isolates ingress; egress only when it has egress rules.
  if (!spec.policyTypes?.length) spec.policyTypes = spec.egress?.length ? ["Ingress", "Egress"] : ["Ingress"];
}

export const networkPolicyKind = {
  group: "networking.k8s.io",
  version: "v1",
  kind: "NetworkPolicy",
  listKind: "NetworkPolicyList",
  plural: "networkpolicies",
  singular: "networkpolicy",
  shortNames: ["netpol"],
  categories: [],
  namespaced: true,
  schema,
  tracksGeneration: true,
  subresources: { status: false },
  strategy: {
    defaults: (object) => defaultNetworkPolicy(object as NetworkPolicy),
    validate: (object) => validateNetworkPolicy(object as NetworkPolicy),
  },
  columns: [
    nameColumn,
    {
      name: "Pod-Selector",
      type: "string",
      description: "The pods the policy applies to.",
      priority: 0,
      cell: (object) => formatLabelSelector((object as NetworkPolicy).spec?.podSelector ?? {}),
    },
    ageColumn,
  ],
} satisfies KindDefinition;
