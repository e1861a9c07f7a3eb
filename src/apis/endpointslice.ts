/**
 * EndpointSlice (discovery.k8s.io/v1): a slice of a Service's endpoints,
 * all of one address type, which can never change. The v1 API ignores
 * writes to `deprecatedTopology` (kept from v1beta1), as upstream does.
 */
import { isDeepStrictEqual } from "node:util";
import { duplicate, immutable, invalid, required, type FieldError } from "../machinery/field-errors.js";
import { dns1123LabelProblems, dns1123SubdomainProblems, labelValueProblems, validateLabels } from "../machinery/validation.js";
import { ageColumn, nameColumn } from "./columns.js";
import { objectSchema } from "./common/meta.js";
import { appProtocolField, atomicList, objectField, protocolField, setList } from "./common/core-schemas.js";
import { objectReferenceSchema } from "./common/reference-schemas.js";
import { boolean, describe, enumString, int32, string, stringMap } from "./common/schema-builders.js";
import { isIPv6, isValidIP, validateNonSpecialIP, validateOneOf, validateProtocol } from "./common/core-validation.js";
import { each, tooMany, validateDNS1123Label, validateQualifiedName } from "./common/validation-helpers.js";
import type { KindDefinition, KubeObject } from "./types.js";

interface Endpoint {
  addresses?: string[];
  deprecatedTopology?: Record<string, string>;
  hints?: { forZones?: { name?: string }[] };
  hostname?: string;
  nodeName?: string;
  zone?: string;
}

interface EndpointPort {
  name?: string;
  port?: number;
  protocol?: string;
  appProtocol?: string;
}

interface EndpointSlice extends KubeObject {
  addressType?: string;
  endpoints?: Endpoint[];
  ports?: EndpointPort[];
}

const ADDRESS_TYPES = ["FQDN", "IPv4", "IPv6"] as const;
const MAX_ENDPOINTS = 1000;
const MAX_ADDRESSES = 100;
const MAX_PORTS = 20000;
const MAX_TOPOLOGY_LABELS = 16;
const MAX_ZONE_HINTS = 8;

const endpoint = objectField(
  "One backend of the service.",
  {
    addresses: setList("Addresses of the endpoint, of the slice's address type; the first is the one used."),
    conditions: objectField("The current state of the endpoint.", {
      ready: boolean("Whether the endpoint can take traffic; unset means true."),
      serving: boolean("Whether the endpoint is serving, even while terminating; unset means true."),
      terminating: boolean("Whether the endpoint is shutting down; unset means false."),
    }),
    deprecatedTopology: stringMap("Topology labels from v1beta1; writes through v1 are ignored."),
    hints: objectField("How consumers should route to the endpoint.", {
      forZones: atomicList(
        objectField("A zone that should use the endpoint.", { name: string("Name of the zone.") }, ["name"]),
        "Zones that should consume the endpoint under topology aware routing.",
      ),
    }),
    hostname: string("Hostname of the endpoint, for DNS; a DNS label."),
    nodeName: string("The node hosting the endpoint."),
    targetRef: describe(objectReferenceSchema, "The object (usually a pod) the endpoint stands for."),
    zone: string("The zone the endpoint is in."),
  },
  ["addresses"],
);

const port = {
  ...objectField("A port every endpoint of the slice serves.", {
    appProtocol: appProtocolField(),
    name: string("Name matching the Service port's name; unique in the slice, may be empty."),
    port: int32("The port number; unset means all ports."),
    protocol: protocolField("TCP, UDP or SCTP; defaults to TCP."),
  }),
  "x-kubernetes-map-type": "atomic" as const,
};

const schema = objectSchema(
  "A set of endpoints of a service, all with the same address type.",
  {
    addressType: enumString(ADDRESS_TYPES, "The type of every address in the slice: IPv4, IPv6 or FQDN; immutable."),
    endpoints: atomicList(endpoint, "The endpoints in the slice, at most 1000."),
    ports: atomicList(port, "The ports every endpoint serves."),
  },
  ["addressType", "endpoints"],
);

/** Go's IsFullyQualifiedDomainName, reporting the first problem only. */
function validateFQDN(value: string, field: string): FieldError[] {
  if (!value) return [required(field)];
  const name = value.endsWith(".") ? value.slice(0, -1) : value;
  const subdomain = dns1123SubdomainProblems(name);
  if (subdomain.length) return [invalid(field, name, subdomain.join(","))];
  const labels = name.split(".");
  if (labels.length < 2) return [invalid(field, name, "should be a domain with at least two segments separated by dots")];
  for (const label of labels) {
    const problems = dns1123LabelProblems(label);
    if (problems.length) return [invalid(field, label, problems.join(","))];
  }
  return [];
}

function validateAddress(addressType: string | undefined, address: string, field: string): FieldError[] {
  switch (addressType) {
    case "IPv4":
      if (!isValidIP(address) || isIPv6(address)) return [invalid(field, address, "must be a valid IPv4 address")];
      return validateNonSpecialIP(address, field);
    case "IPv6":
      if (!isIPv6(address)) return [invalid(field, address, "must be a valid IPv6 address")];
      return validateNonSpecialIP(address, field);
    case "FQDN":
      return validateFQDN(address, field);
    default:
      // Unknown address types are reported once, at addressType.
      return [];
  }
}

function validateEndpoint(value: Endpoint, addressType: string | undefined, field: string): FieldError[] {
  const addresses = value.addresses ?? [];
  const errors: FieldError[] = [];
  if (addresses.length === 0) errors.push(required(`${field}.addresses`, "must contain at least 1 address"));
  else if (addresses.length > MAX_ADDRESSES) errors.push(tooMany(`${field}.addresses`, addresses.length, MAX_ADDRESSES));
  addresses.forEach((address, i) => errors.push(...validateAddress(addressType, address, `${field}.addresses[${i}]`)));
  if (value.nodeName !== undefined) errors.push(...each(dns1123SubdomainProblems(value.nodeName), `${field}.nodeName`, value.nodeName));
  const topology = value.deprecatedTopology ?? {};
  if (Object.keys(topology).length > MAX_TOPOLOGY_LABELS) {
    errors.push(tooMany(`${field}.deprecatedTopology`, Object.keys(topology).length, MAX_TOPOLOGY_LABELS));
  }
  errors.push(...validateLabels(topology, `${field}.deprecatedTopology`));
  if (value.hostname !== undefined) errors.push(...validateDNS1123Label(value.hostname, `${field}.hostname`));
  const zones = value.hints?.forZones ?? [];
  if (zones.length > MAX_ZONE_HINTS) {
    errors.push(tooMany(`${field}.hints.forZones`, zones.length, MAX_ZONE_HINTS));
  } else {
    const seen = new Set<string>();
    zones.forEach(({ name = "" }, i) => {
      const path = `${field}.hints.forZones[${i}].name`;
      if (seen.has(name)) errors.push(duplicate(path, name));
      seen.add(name);
      errors.push(...each(labelValueProblems(name), path, name));
    });
  }
  return errors;
}

function validatePorts(ports: EndpointPort[]): FieldError[] {
  if (ports.length > MAX_PORTS) return [tooMany("ports", ports.length, MAX_PORTS)];
  const names = new Set<string>();
  return ports.flatMap((value, i) => {
    const name = value.name ?? "";
    const errors = name ? validateDNS1123Label(name, `ports[${i}].name`) : [];
    if (names.has(name)) errors.push(duplicate(`ports[${i}].name`, name));
    names.add(name);
    errors.push(...validateProtocol(value.protocol, `ports[${i}].protocol`));
    if (value.appProtocol !== undefined) errors.push(...validateQualifiedName(value.appProtocol, `ports[${i}].appProtocol`));
    return errors;
  });
}

function validateEndpointSlice(slice: EndpointSlice): FieldError[] {
  const errors = validateOneOf(slice.addressType, ADDRESS_TYPES, "addressType");
  const endpoints = slice.endpoints ?? [];
  if (endpoints.length > MAX_ENDPOINTS) errors.push(tooMany("endpoints", endpoints.length, MAX_ENDPOINTS));
  else endpoints.forEach((e, i) => errors.push(...validateEndpoint(e, slice.addressType, `endpoints[${i}]`)));
  return [...errors, ...validatePorts(slice.ports ?? [])];
}

/** v1 writes never set deprecatedTopology; an update that keeps the endpoints keeps what v1beta1 wrote. */
function dropDeprecatedTopology(slice: EndpointSlice, old: EndpointSlice | undefined): void {
  if (old && isDeepStrictEqual(slice.endpoints, old.endpoints)) return;
  for (const e of slice.endpoints ?? []) delete e.deprecatedTopology;
}

/** Up to three entries, then `+ N more...`; `<unset>` for none. */
function listWithMore(values: readonly string[]): string {
  const max = 3;
  if (values.length > max) return `${values.slice(0, max).join(",")} + ${values.length - max} more...`;
  return values.length ? values.join(",") : "<unset>";
}

const asSlice = (object: KubeObject) => object as EndpointSlice;

export const endpointSliceKind = {
  group: "discovery.k8s.io",
  version: "v1",
  kind: "EndpointSlice",
  listKind: "EndpointSliceList",
  plural: "endpointslices",
  singular: "endpointslice",
  shortNames: [],
  categories: [],
  namespaced: true,
  schema,
  tracksGeneration: true,
  subresources: { status: false },
  strategy: {
    defaults(object) {
      for (const p of asSlice(object).ports ?? []) {
        p.name ??= "";
        p.protocol ??= "TCP";
      }
    },
    prepareForCreate: (object) => dropDeprecatedTopology(asSlice(object), undefined),
    prepareForUpdate: (object, old) => dropDeprecatedTopology(asSlice(object), asSlice(old)),
    validate: (object) => validateEndpointSlice(asSlice(object)),
    validateUpdate: (object, old) =>
      asSlice(object).addressType === asSlice(old).addressType ? [] : [immutable("addressType", asSlice(object).addressType)],
  },
  columns: [
    nameColumn,
    {
      name: "AddressType",
      type: "string",
      description: "The type of the addresses in the slice.",
      priority: 0,
      cell: (object) => asSlice(object).addressType ?? "",
    },
    {
      name: "Ports",
      type: "string",
      description: "The ports of the slice.",
      priority: 0,
      // A port without a number stands for all ports: its name, or `*`.
      cell: (object) => listWithMore((asSlice(object).ports ?? []).map((p) => (p.port !== undefined ? String(p.port) : (p.name ?? "*")))),
    },
    {
      name: "Endpoints",
      type: "string",
      description: "The first addresses of the slice.",
      priority: 0,
      cell: (object) => listWithMore((asSlice(object).endpoints ?? []).flatMap((e) => e.addresses ?? [])),
    },
    ageColumn,
  ],
} satisfies KindDefinition;
