/**
 * Endpoints (core/v1): the addresses and ports behind a Service, grouped in
 * subsets (every address of a subset serves every port of it).
 */
import { required, type FieldError } from "../machinery/field-errors.js";
import { ageColumn, nameColumn } from "./columns.js";
import { objectSchema } from "./common/meta.js";
import { appProtocolField, atomicList, objectField, protocolField } from "./common/core-schemas.js";
import { objectReferenceSchema } from "./common/reference-schemas.js";
import { describe, int32, string } from "./common/schema-builders.js";
import { validateIP, validateNonSpecialIP, validateProtocol } from "./common/core-validation.js";
import {
  each,
  portNumberProblems,
  validateDNS1123Label,
  validateDNS1123Subdomain,
  validateQualifiedName,
} from "./common/validation-helpers.js";
import type { KindDefinition, KubeObject } from "./types.js";

interface EndpointAddress {
  ip?: string;
  hostname?: string;
  nodeName?: string;
}

interface EndpointPort {
  name?: string;
  port?: number;
  protocol?: string;
  appProtocol?: string;
}

interface EndpointSubset {
  addresses?: EndpointAddress[];
  notReadyAddresses?: EndpointAddress[];
  ports?: EndpointPort[];
}

interface Endpoints extends KubeObject {
  subsets?: EndpointSubset[];
}

const address = {
  ...objectField(
    "One IP address serving the subset's ports.",
    {
      hostname: string("Hostname of the endpoint, for DNS."),
      ip: string("The IP address; not loopback, link-local or link-local multicast."),
      nodeName: string("The node hosting the endpoint."),
      targetRef: describe(objectReferenceSchema, "The object (usually a pod) that provides the endpoint."),
    },
    ["ip"],
  ),
  "x-kubernetes-map-type": "atomic" as const,
};

const port = {
  ...objectField(
    "One port served by the subset's addresses.",
    {
      appProtocol: appProtocolField(),
      name: string("Name matching the Service port's name; required when there is more than one port."),
      port: int32("The port number."),
      protocol: protocolField("TCP, UDP or SCTP; defaults to TCP."),
    },
    ["port"],
  ),
  "x-kubernetes-map-type": "atomic" as const,
};

const schema = objectSchema("The network endpoints that implement a Service.", {
  subsets: atomicList(
    objectField("Addresses that share a set of ports.", {
      addresses: atomicList(address, "Addresses that are ready to serve."),
      notReadyAddresses: atomicList(address, "Addresses that are not ready yet or failed a readiness check."),
      ports: atomicList(port, "Ports served by every address of the subset."),
    }),
    "Groups of addresses with the ports they serve; the endpoints are their union.",
  ),
});

function validateAddress(value: EndpointAddress, field: string): FieldError[] {
  const ip = value.ip ?? "";
  return [
    ...validateIP(ip, `${field}.ip`),
    ...(value.hostname ? validateDNS1123Label(value.hostname, `${field}.hostname`) : []),
    ...(value.nodeName !== undefined ? validateDNS1123Subdomain(value.nodeName, `${field}.nodeName`) : []),
    ...validateNonSpecialIP(ip, `${field}.ip`),
  ];
}

function validatePort(value: EndpointPort, requireName: boolean, field: string): FieldError[] {
  const errors: FieldError[] = [];
  if (requireName && !value.name) errors.push(required(`${field}.name`));
  else if (value.name) errors.push(...validateDNS1123Label(value.name, `${field}.name`));
  errors.push(...each(portNumberProblems(value.port ?? 0), `${field}.port`, value.port ?? 0));
  errors.push(...validateProtocol(value.protocol, `${field}.protocol`));
  if (value.appProtocol !== undefined) errors.push(...validateQualifiedName(value.appProtocol, `${field}.appProtocol`));
  return errors;
}

function validateEndpoints(endpoints: Endpoints): FieldError[] {
  return (endpoints.subsets ?? []).flatMap((subset, i) => {
    const field = `subsets[${i}]`;
    const addresses = subset.addresses ?? [];
    const notReady = subset.notReadyAddresses ?? [];
    const ports = subset.ports ?? [];
    return [
      // Headless services may have no ports, but every subset needs an address.
      ...(addresses.length || notReady.length ? [] : [required(field, "must specify `addresses` or `notReadyAddresses`")]),
      ...addresses.flatMap((a, j) => validateAddress(a, `${field}.addresses[${j}]`)),
      ...notReady.flatMap((a, j) => validateAddress(a, `${field}.notReadyAddresses[${j}]`)),
      ...ports.flatMap((p, j) => validatePort(p, ports.length > 1, `${field}.ports[${j}]`)),
    ];
  });
}

/** Go's net.JoinHostPort: IPv6 hosts get brackets. */
function hostPort(ip: string, port: number): string {
  return ip.includes(":") ? `[${ip}]:${port}` : `${ip}:${port}`;
}

/** Up to three `ip:port` pairs, then `+ N more...`, as kubectl shows them. */
function formatEndpoints(endpoints: Endpoints): string {
  const subsets = endpoints.subsets ?? [];
  if (subsets.length === 0) return "<none>";
  const max = 3;
  const shown: string[] = [];
  let count = 0;
  for (const subset of subsets) {
    const ips = (subset.addresses ?? []).map((a) => a.ip ?? "");
    // A headless service's subsets may have no ports: list bare addresses.
    const pairs = subset.ports?.length ? subset.ports.flatMap((p) => ips.map((ip) => hostPort(ip, p.port ?? 0))) : ips;
    count += pairs.length;
    shown.push(...pairs.slice(0, max - shown.length));
  }
  return count > max ? `${shown.join(",")} + ${count - max} more...` : shown.join(",");
}

export const endpointsKind = {
  group: "",
  version: "v1",
  kind: "Endpoints",
  listKind: "EndpointsList",
  plural: "endpoints",
  singular: "endpoints",
  shortNames: ["ep"],
  categories: [],
  namespaced: true,
  schema,
  tracksGeneration: false,
  subresources: { status: false },
  strategy: {
    defaults(object) {
      for (const subset of (object as Endpoints).subsets ?? []) {
        for (const p of subset.ports ?? []) p.protocol ||= "TCP";
      }
    },
    validate: (object) => validateEndpoints(object as Endpoints),
  },
  columns: [
    nameColumn,
    {
      name: "Endpoints",
      type: "string",
      description: "The first addresses and ports of the endpoints.",
      priority: 0,
      cell: (object) => formatEndpoints(object as Endpoints),
    },
    ageColumn,
  ],
} satisfies KindDefinition;
