/**
 * Service (core/v1): a stable name and virtual IP for a set of pods, or an
 * alias (ExternalName). Defaults follow upstream's SetDefaults_Service; the
 * registry-time fixes and the validation live beside this file in
 * common/service-*.ts. Cluster IPs and node ports are allocated by the
 * service controller, not here.
 */
import { ageColumn, nameColumn } from "./columns.js";
import { objectSchema } from "./common/meta.js";
import { appProtocolField, atomicList, conditionsField, mapList, objectField, protocolField, stringList } from "./common/core-schemas.js";
import { boolean, enumString, int32, intOrString, string, stringMap } from "./common/schema-builders.js";
import { prepareServiceCreate, prepareServiceUpdate } from "./common/service-fields.js";
import {
  DEFAULT_AFFINITY_TIMEOUT_SECONDS,
  externallyAccessible,
  IP_FAMILIES,
  IP_FAMILY_POLICIES,
  needsClusterIP,
  SERVICE_TYPES,
  SESSION_AFFINITIES,
  TRAFFIC_POLICIES,
  type Service,
} from "./common/service-model.js";
import { validateServiceUpdate } from "./common/service-update-validation.js";
import { validateService } from "./common/service-validation.js";
import type { KindDefinition, KubeObject } from "./types.js";

const servicePort = objectField(
  "A port the service exposes.",
  {
    appProtocol: appProtocolField(),
    name: string("Name of the port, a DNS label; required when the service has more than one port."),
    nodePort: int32("Port on every node for NodePort and LoadBalancer services; allocated when unset."),
    port: int32("The port the service listens on."),
    protocol: { ...protocolField("TCP, UDP or SCTP; defaults to TCP."), default: "TCP" },
    targetPort: intOrString("Port number or named container port on the pods; defaults to port."),
  },
  ["port"],
);

const spec = objectField("The desired behaviour of the service.", {
  allocateLoadBalancerNodePorts: boolean("Whether a LoadBalancer service gets node ports; defaults to true."),
  clusterIP: string("The virtual IP of the service, None for a headless service; allocated when empty."),
  clusterIPs: stringList("The virtual IPs of the service, at most one per IP family; the first equals clusterIP."),
  externalIPs: stringList("Extra IPs on which nodes accept traffic for the service."),
  externalName: string("DNS name the service aliases (CNAME) when type is ExternalName."),
  externalTrafficPolicy: enumString(TRAFFIC_POLICIES, "Cluster spreads external traffic over all endpoints; Local keeps it on the node."),
  healthCheckNodePort: int32("Node port for load balancer health checks when externalTrafficPolicy is Local."),
  internalTrafficPolicy: enumString(TRAFFIC_POLICIES, "Cluster spreads cluster IP traffic over all endpoints; Local uses the node's own."),
  ipFamilies: { ...stringList("IP families of the service's cluster IPs, e.g. [IPv4]."), items: enumString(IP_FAMILIES, "An IP family.") },
  ipFamilyPolicy: enumString(IP_FAMILY_POLICIES, "Whether the service gets one IP family or two; defaults to SingleStack."),
  loadBalancerClass: string("The load balancer implementation to use; fixed once set."),
  loadBalancerIP: string("Deprecated: the IP a LoadBalancer service asks for."),
  loadBalancerSourceRanges: stringList("Client CIDRs the load balancer admits."),
  ports: mapList(servicePort, "The ports the service exposes.", ["port", "protocol"]),
  publishNotReadyAddresses: boolean("Publish endpoints of pods that are not ready, e.g. for StatefulSet peer discovery."),
  selector: {
    ...stringMap("Labels of the pods that back the service; without it, endpoints are managed by hand."),
    "x-kubernetes-map-type": "atomic",
  },
  sessionAffinity: enumString(SESSION_AFFINITIES, "ClientIP sends a client's connections to the same pod; defaults to None."),
  sessionAffinityConfig: objectField("Settings of session affinity.", {
    clientIP: objectField("Settings of ClientIP session affinity.", {
      timeoutSeconds: int32("How long a client sticks to a pod, 1 to 86400 seconds; defaults to 10800."),
    }),
  }),
  trafficDistribution: string("A routing preference such as PreferClose (endpoints close by, e.g. same zone)."),
  type: enumString(SERVICE_TYPES, "How the service is exposed: ClusterIP (default), NodePort, LoadBalancer or ExternalName."),
});

const ingressPoint = objectField("Where traffic for the load balancer goes.", {
  hostname: string("DNS name of the load balancer ingress point."),
  ip: string("IP address of the load balancer ingress point."),
  ipMode: string("VIP (traffic arrives for the load balancer IP) or Proxy (for the node or pod)."),
  ports: atomicList(
    objectField(
      "The state of one service port at the load balancer.",
      {
        error: string("Why the port failed, as a CamelCase reason or domain-prefixed name."),
        port: int32("The service port number."),
        protocol: protocolField("The service port protocol."),
      },
      ["port", "protocol"],
    ),
    "The state of each service port at the load balancer.",
  ),
});

const status = objectField("The observed state of the service.", {
  conditions: conditionsField("The current conditions of the service."),
  loadBalancer: objectField("The load balancer, if any.", {
    ingress: atomicList(ingressPoint, "Ingress points of the load balancer."),
  }),
});

const schema = objectSchema("A stable network name and address for a set of pods.", { spec, status });

const asService = (object: KubeObject) => object as Service;

/** What EXTERNAL-IP shows: external IPs, load balancer addresses, `<pending>`, or the alias. */
function externalIPCell(service: Service): string {
  const spec = service.spec ?? {};
  const externalIPs = spec.externalIPs ?? [];
  switch (spec.type) {
    case "ClusterIP":
    case "NodePort":
      return externalIPs.length ? externalIPs.join(",") : "<none>";
    case "LoadBalancer": {
      const ingress = service.status?.loadBalancer?.ingress ?? [];
      const addresses = [...new Set(ingress.map((point) => point.ip || point.hostname || "").filter(Boolean))].sort();
      const all = [...addresses, ...externalIPs];
      return all.length ? all.join(",") : "<pending>";
    }
    case "ExternalName":
      return spec.externalName ?? "";
    default:
      return "<unknown>";
  }
}

/** `80/TCP`, or `80:30080/TCP` with a node port. */
function portsCell(service: Service): string {
  const ports = (service.spec?.ports ?? []).map((p) => (p.nodePort ? `${p.port}:${p.nodePort}/${p.protocol}` : `${p.port}/${p.protocol}`));
  return ports.join(",") || "<none>";
}

/** `app=web,tier=front`, keys sorted, or `<none>`. */
function selectorCell(service: Service): string {
  const selector = service.spec?.selector ?? {};
  const pairs = Object.keys(selector)
    .sort()
    .map((key) => `${key}=${selector[key]}`);
  return pairs.join(",") || "<none>";
}

export const serviceKind = {
  group: "",
  version: "v1",
  kind: "Service",
  listKind: "ServiceList",
  plural: "services",
  singular: "service",
  shortNames: ["svc"],
  categories: ["all"],
  namespaced: true,
  schema,
  tracksGeneration: false,
  subresources: { status: true },
  strategy: {
    defaults(object) {
      const service = asService(object);
      const serviceSpec = (service.spec ??= {});
      serviceSpec.sessionAffinity ||= "None";
      if (serviceSpec.sessionAffinity === "None") delete serviceSpec.sessionAffinityConfig;
      if (serviceSpec.sessionAffinity === "ClientIP" && serviceSpec.sessionAffinityConfig?.clientIP?.timeoutSeconds == null) {
        serviceSpec.sessionAffinityConfig = { clientIP: { timeoutSeconds: DEFAULT_AFFINITY_TIMEOUT_SECONDS } };
      }
      serviceSpec.type ||= "ClusterIP";
      for (const port of serviceSpec.ports ?? []) {
        port.protocol ||= "TCP";
        if (port.targetPort == null || port.targetPort === 0 || port.targetPort === "") port.targetPort = port.port ?? 0;
      }
      if (externallyAccessible(serviceSpec)) serviceSpec.externalTrafficPolicy ||= "Cluster";
      if (needsClusterIP(serviceSpec)) serviceSpec.internalTrafficPolicy ??= "Cluster";
      if (serviceSpec.type === "LoadBalancer") {
        serviceSpec.allocateLoadBalancerNodePorts ??= true;
        for (const point of service.status?.loadBalancer?.ingress ?? []) if (point.ip) point.ipMode ??= "VIP";
      }
    },
    prepareForCreate: (object) => prepareServiceCreate(asService(object)),
    prepareForUpdate: (object, old) => prepareServiceUpdate(asService(object), asService(old)),
    validate: (object) => validateService(asService(object)),
    validateUpdate: (object, old) => validateServiceUpdate(asService(object), asService(old)),
  },
  selectableFields: (object) => ({
    "spec.clusterIP": asService(object).spec?.clusterIP ?? "",
    "spec.type": asService(object).spec?.type ?? "",
  }),
  columns: [
    nameColumn,
    {
      name: "Type",
      type: "string",
      description: "How the service is exposed.",
      priority: 0,
      cell: (object) => asService(object).spec?.type ?? "",
    },
    {
      name: "Cluster-IP",
      type: "string",
      description: "The primary cluster IP of the service.",
      priority: 0,
      cell: (object) => asService(object).spec?.clusterIPs?.[0] ?? "<none>",
    },
    {
      name: "External-IP",
      type: "string",
      description: "Addresses that reach the service from outside.",
      priority: 0,
      cell: (object) => externalIPCell(asService(object)),
    },
    {
      name: "Port(s)",
      type: "string",
      description: "The ports of the service.",
      priority: 0,
      cell: (object) => portsCell(asService(object)),
    },
    ageColumn,
    {
      name: "Selector",
      type: "string",
      description: "Labels of the pods behind the service.",
      priority: 1,
      cell: (object) => selectorCell(asService(object)),
    },
  ],
} satisfies KindDefinition;
