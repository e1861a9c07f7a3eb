/**
 * Ingress (networking.k8s.io/v1): HTTP routing from hosts and paths to
 * services, implemented by the controller of its IngressClass.
 */
import { invalid, notSupported, required, type FieldError } from "../machinery/field-errors.js";
import { dns1035LabelProblems, dns1123SubdomainProblems } from "../machinery/validation.js";
import { ageColumn, nameColumn } from "./columns.js";
import { atomicList, PROTOCOLS, stringList } from "./common/core-schemas.js";
import { objectSchema } from "./common/meta.js";
import { hostProblems, validateTypedReference, type TypedReference } from "./common/name-validation.js";
import { typedLocalObjectReferenceSchema } from "./common/reference-schemas.js";
import { describe, enumString, int32, object, string } from "./common/schema-builders.js";
import { isValidIP } from "./common/core-validation.js";
import { each, portNameProblems, portNumberProblems } from "./common/validation-helpers.js";
import type { KindDefinition, KubeObject } from "./types.js";

interface Backend {
  service?: { name?: string; port?: { name?: string; number?: number } };
  resource?: TypedReference;
}

interface HTTPPath {
  path?: string;
  pathType?: string;
  backend?: Backend;
}

interface IngressSpec {
  ingressClassName?: string;
  defaultBackend?: Backend;
  tls?: { hosts?: string[]; secretName?: string }[];
  rules?: { host?: string; http?: { paths?: HTTPPath[] } }[];
}

interface Ingress extends KubeObject {
  spec?: IngressSpec;
  status?: { loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] } };
}

const PATH_TYPES = ["Exact", "ImplementationSpecific", "Prefix"];
const INVALID_PATH_SEQUENCES = ["//", "/./", "/../", "%2f", "%2F"];
const INVALID_PATH_SUFFIXES = ["/..", "/."];
/** The legacy annotation that names the class before spec.ingressClassName existed. */
const CLASS_ANNOTATION = "kubernetes.io/ingress.class";

const backendSchema = object({
  resource: describe(typedLocalObjectReferenceSchema, "An object in the Ingress's namespace to send traffic to, instead of a service."),
  service: describe(
    object(
      {
        name: string("Name of the service."),
        port: describe(
          object({ name: string("Name of the service port."), number: int32("Number of the service port.") }, [], { "x-kubernetes-map-type": "atomic" }),
          "The service port, by name or number.",
        ),
      },
      ["name"],
    ),
    "A service to send traffic to.",
  ),
});

const pathSchema = object(
  {
    backend: describe(backendSchema, "Where matching requests go."),
    path: string("URL path to match; must start with / for Exact and Prefix."),
    pathType: enumString(PATH_TYPES, "How path matches: Exact, Prefix (by path segments) or ImplementationSpecific."),
  },
  ["pathType", "backend"],
);

const ruleSchema = object({
  host: string("Host to match, a DNS name; a leading *. matches one label. Empty matches any host."),
  http: describe(object({ paths: atomicList(pathSchema, "Paths and their backends.") }, ["paths"]), "HTTP routing for the host."),
});

const tlsSchema = object({
  hosts: stringList("Hosts the certificate covers; they must match rule hosts."),
  secretName: string("Secret holding the certificate and key."),
});

const portStatusSchema = object(
  {
    error: string("Problem with the port, as a CamelCase reason or a domain-prefixed name."),
    port: int32("Port number of the ingress point."),
    protocol: enumString(PROTOCOLS, "TCP, UDP or SCTP."),
  },
  ["port", "protocol"],
);

const loadBalancerIngressSchema = object({
  hostname: string("DNS name of the load balancer ingress point."),
  ip: string("IP address of the load balancer ingress point."),
  ports: atomicList(portStatusSchema, "State of each port of the ingress point."),
});

const schema = objectSchema("Routes external HTTP(S) traffic to services by host and path.", {
  spec: describe(
    object({
      defaultBackend: describe(backendSchema, "Where requests that match no rule go."),
      ingressClassName: string("Name of the IngressClass whose controller implements this Ingress."),
      rules: atomicList(ruleSchema, "Host and path rules; without rules all traffic goes to defaultBackend."),
      tls: atomicList(tlsSchema, "TLS settings, per set of hosts."),
    }),
    "The desired routing.",
  ),
  status: describe(
    object({
      loadBalancer: describe(
        object({ ingress: atomicList(loadBalancerIngressSchema, "Ingress points of the load balancer.") }),
        "The load balancer serving this Ingress.",
      ),
    }),
    "The observed state of the Ingress.",
  ),
});

function validateBackend(backend: Backend, path: string): FieldError[] {
  const { resource, service } = backend;
  if (resource && service) return [invalid(path, "", "cannot set both resource and service backends")];
  if (resource) return validateTypedReference(resource, `${path}.resource`);
  if (!service) return [invalid(path, "", "resource or service backend is required")];
  const errors = service.name
    ? each(dns1035LabelProblems(service.name), `${path}.service.name`, service.name)
    : [required(`${path}.service.name`)];
  const { name, number } = service.port ?? {};
  if (name && number) errors.push(invalid(path, "", "cannot set both port name & port number"));
  else if (name) errors.push(...each(portNameProblems(name), `${path}.service.port.name`, name));
  else if (number) errors.push(...each(portNumberProblems(number), `${path}.service.port.number`, number));
  else errors.push(required(path, "port name or number is required"));
  return errors;
}

function validatePath(httpPath: HTTPPath, at: string): FieldError[] {
  const errors: FieldError[] = [];
  const path = httpPath.path ?? "";
  switch (httpPath.pathType) {
    case undefined:
      errors.push(required(`${at}.pathType`, "pathType must be specified"));
      break;
    case "Exact":
    case "Prefix":
      if (!path.startsWith("/")) errors.push(invalid(`${at}.path`, path, "must be an absolute path"));
      for (const sequence of INVALID_PATH_SEQUENCES) if (path.includes(sequence)) errors.push(invalid(`${at}.path`, path, `must not contain '${sequence}'`));
      for (const suffix of INVALID_PATH_SUFFIXES) if (path.endsWith(suffix)) errors.push(invalid(`${at}.path`, path, `cannot end with '${suffix}'`));
      break;
    case "ImplementationSpecific":
      if (path && !path.startsWith("/")) errors.push(invalid(`${at}.path`, path, "must be an absolute path"));
      break;
    default:
      errors.push(notSupported(`${at}.pathType`, httpPath.pathType, PATH_TYPES));
  }
  return [...errors, ...validateBackend(httpPath.backend ?? {}, `${at}.backend`)];
}

function validateRules(rules: NonNullable<IngressSpec["rules"]>): FieldError[] {
  return rules.flatMap((rule, i) => {
    const at = `spec.rules[${i}]`;
    const errors: FieldError[] = [];
    if (rule.host) {
      if (isValidIP(rule.host)) errors.push(invalid(`${at}.host`, rule.host, "must be a DNS name, not an IP address"));
      errors.push(...each(hostProblems(rule.host), `${at}.host`, rule.host));
    }
    if (!rule.http) return errors;
    const paths = rule.http.paths ?? [];
    if (paths.length === 0) errors.push(required(`${at}.http.paths`));
    paths.forEach((path, j) => errors.push(...validatePath(path, `${at}.http.paths[${j}]`)));
    return errors;
  });
}

function validateIngress(ingress: Ingress): FieldError[] {
  const spec = ingress.spec ?? {};
  const errors: FieldError[] = [];
  if (!spec.rules?.length && !spec.defaultBackend) errors.push(invalid("spec", spec.rules ?? null, "either `defaultBackend` or `rules` must be specified"));
  if (spec.defaultBackend) errors.push(...validateBackend(spec.defaultBackend, "spec.defaultBackend"));
  errors.push(...validateRules(spec.rules ?? []));
  (spec.tls ?? []).forEach((tls, i) => {
    (tls.hosts ?? []).forEach((host, j) => errors.push(...each(hostProblems(host), `spec.tls[${i}].hosts[${j}]`, host)));
    if (tls.secretName) errors.push(...each(dns1123SubdomainProblems(tls.secretName), `spec.tls[${i}].secretName`, tls.secretName));
  });
  if (spec.ingressClassName !== undefined) {
    errors.push(...each(dns1123SubdomainProblems(spec.ingressClassName), "spec.ingressClassName", spec.ingressClassName));
  }
  return errors;
}

/** On create only, as upstream: the legacy class annotation may not contradict ingressClassName. */
function validateClassAnnotation(ingress: Ingress): FieldError[] {
  const annotated = ingress.metadata.annotations?.[CLASS_ANNOTATION];
  const className = ingress.spec?.ingressClassName;
  if (annotated === undefined || className === undefined || annotated === className) return [];
  return [invalid(`annotations[${CLASS_ANNOTATION}]`, annotated, "must match `ingressClassName` when both are specified")];
}

/** formatHosts: up to three rule hosts, `*` when none, and a count when rules follow the third host. */
function hostsCell(ingress: Ingress): string {
  const rules = ingress.spec?.rules ?? [];
  const withHost = rules.flatMap((rule, i) => (rule.host ? [i] : []));
  if (withHost.length === 0) return "*";
  const shown = withHost.slice(0, 3).map((i) => rules[i]?.host ?? "").join(",");
  const third = withHost[2];
  // Upstream counts all rules past three, hosts or not.
  return third !== undefined && third < rules.length - 1 ? `${shown} + ${rules.length - 3} more...` : shown;
}

export const ingressKind = {
  group: "networking.k8s.io",
  version: "v1",
  kind: "Ingress",
  listKind: "IngressList",
  plural: "ingresses",
  singular: "ingress",
  shortNames: ["ing"],
  categories: [],
  namespaced: true,
  schema,
  tracksGeneration: true,
  subresources: { status: true },
  strategy: {
    prepareForCreate: (object) => {
      (object as Ingress).status = {};
    },
    validate: (object) => [...validateClassAnnotation(object as Ingress), ...validateIngress(object as Ingress)],
  },
  columns: [
    nameColumn,
    {
      name: "Class",
      type: "string",
      description: "The IngressClass of the Ingress.",
      priority: 0,
      cell: (object) => (object as Ingress).spec?.ingressClassName ?? "<none>",
    },
    { name: "Hosts", type: "string", description: "Hosts the Ingress routes.", priority: 0, cell: (object) => hostsCell(object as Ingress) },
    {
      name: "Address",
      type: "string",
      description: "Addresses of the load balancer.",
      priority: 0,
      cell: (object) => {
        const points = (object as Ingress).status?.loadBalancer?.ingress ?? [];
        return [...new Set(points.map((point) => point.ip || point.hostname || "").filter(Boolean))].sort().join(",");
      },
    },
    {
      name: "Ports",
      type: "string",
      description: "Ports the Ingress serves: 80, and 443 with TLS.",
      priority: 0,
      cell: (object) => ((object as Ingress).spec?.tls?.length ? "80, 443" : "80"),
    },
    ageColumn,
  ],
} satisfies KindDefinition;
