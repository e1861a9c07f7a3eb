import { test } from "node:test";
import assert from "node:assert/strict";
import { serviceKind } from "./service.js";
import { create, object, row, update } from "./common/_core-test-kit.js";
import type { KubeObject } from "./types.js";

const service = (spec: Record<string, unknown>, extra: Record<string, unknown> = {}) => object(serviceKind, { spec, ...extra }, "web");
const web = { selector: { app: "web" }, ports: [{ port: 80 }] };
const specOf = (value: KubeObject) => value.spec as Record<string, unknown>;

test("Service defaults follow SetDefaults_Service and the registry's policy inference", () => {
  const cases: [string, Record<string, unknown>, Record<string, unknown>][] = [
    [
      "ClusterIP",
      web,
      {
        type: "ClusterIP",
        sessionAffinity: "None",
        internalTrafficPolicy: "Cluster",
        ipFamilyPolicy: "SingleStack",
        ports: [{ port: 80, protocol: "TCP", targetPort: 80 }],
      },
    ],
    [
      "NodePort gets an external traffic policy",
      { ...web, type: "NodePort" },
      { type: "NodePort", externalTrafficPolicy: "Cluster", internalTrafficPolicy: "Cluster" },
    ],
    [
      "LoadBalancer allocates node ports by default",
      { ...web, type: "LoadBalancer" },
      { externalTrafficPolicy: "Cluster", allocateLoadBalancerNodePorts: true },
    ],
    ["ClusterIP with external IPs is externally accessible", { ...web, externalIPs: ["1.2.3.4"] }, { externalTrafficPolicy: "Cluster" }],
    ["named target ports stay", { ports: [{ port: 80, targetPort: "http" }] }, { ports: [{ port: 80, protocol: "TCP", targetPort: "http" }] }],
    ["zero target port means the port", { ports: [{ port: 53, protocol: "UDP", targetPort: 0 }] }, { ports: [{ port: 53, protocol: "UDP", targetPort: 53 }] }],
    [
      "ClientIP affinity gets the 3h timeout",
      { ...web, sessionAffinity: "ClientIP" },
      { sessionAffinityConfig: { clientIP: { timeoutSeconds: 10800 } } },
    ],
    ["two IP families require dual-stack", { ...web, ipFamilies: ["IPv4", "IPv6"] }, { ipFamilyPolicy: "RequireDualStack" }],
    ["clusterIP fills clusterIPs", { ...web, clusterIP: "10.96.0.10" }, { clusterIP: "10.96.0.10", clusterIPs: ["10.96.0.10"] }],
    ["ExternalName has no IP fields", { type: "ExternalName", externalName: "db.example.com" }, { type: "ExternalName", sessionAffinity: "None" }],
  ];
  for (const [name, spec, want] of cases) {
    const { object: created, errors } = create(serviceKind, service(spec));
    assert.deepEqual(errors, [], name);
    for (const [field, value] of Object.entries(want)) assert.deepEqual(specOf(created)[field], value, `${name}: ${field}`);
    if (spec.type === "ExternalName") {
      for (const field of ["ipFamilyPolicy", "internalTrafficPolicy", "clusterIPs"]) assert.equal(specOf(created)[field], undefined, `${name}: ${field}`);
    }
  }
});

test("Service create drops client status and None affinity config", () => {
  const input = service({ ...web, sessionAffinityConfig: { clientIP: { timeoutSeconds: 5 } } }, {
    status: { loadBalancer: { ingress: [{ ip: "1.2.3.4" }] } },
  });
  const { object: created } = create(serviceKind, input);
  assert.deepEqual(created.status, { loadBalancer: {} });
  assert.equal(specOf(created).sessionAffinityConfig, undefined);
});

test("Service validation reports upstream's causes", () => {
  const cases: [string, Record<string, unknown>, string[]][] = [
    ["valid", web, []],
    ["no ports", { selector: { app: "web" } }, ["spec.ports: Required value"]],
    ["headless needs no ports", { clusterIP: "None" }, []],
    ["port out of range", { ports: [{ port: 70000 }] }, [
      "spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive",
      "spec.ports[0].targetPort: Invalid value: 70000: must be between 1 and 65535, inclusive",
    ]],
    ["bad protocol", { ports: [{ port: 80, protocol: "HTTP" }] }, [
      'spec.ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
    ]],
    ["names required for several ports", { ports: [{ port: 80 }, { port: 443, name: "https" }] }, ["spec.ports[0].name: Required value"]],
    ["port names are DNS labels", { ports: [{ port: 80, name: "Web" }, { port: 81, name: "web" }] }, [
      "spec.ports[0].name: Invalid value: \"Web\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
    ]],
    ["duplicate names", { ports: [{ port: 80, name: "web" }, { port: 81, name: "web" }] }, ['spec.ports[1].name: Duplicate value: "web"']],
    ["duplicate port and protocol", { ports: [{ port: 80, name: "a" }, { port: 80, name: "b" }] }, [
      'spec.ports[1]: Duplicate value: {"port":80,"protocol":"TCP"}',
    ]],
    ["same port over two protocols", { ports: [{ port: 53, name: "a" }, { port: 53, name: "b", protocol: "UDP" }] }, []],
    ["bad target port name", { ports: [{ port: 80, targetPort: "http--x" }] }, [
      'spec.ports[0].targetPort: Invalid value: "http--x": must not contain consecutive hyphens',
    ]],
    ["node port on ClusterIP", { ports: [{ port: 80, nodePort: 30080 }] }, [
      "spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'",
    ]],
    ["duplicate node ports", { type: "NodePort", ports: [{ port: 80, name: "a", nodePort: 30080 }, { port: 81, name: "b", nodePort: 30080 }] }, [
      "spec.ports[1].nodePort: Duplicate value: 30080",
    ]],
    ["unknown type", { ...web, type: "Ingress" }, [
      'spec.type: Unsupported value: "Ingress": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
    ]],
    ["headless NodePort", { ...web, type: "NodePort", clusterIP: "None" }, [
      "spec.clusterIPs[0]: Invalid value: \"None\": may not be set to 'None' for NodePort services",
    ]],
    ["ExternalName needs a name", { type: "ExternalName" }, ["spec.externalName: Required value"]],
    ["ExternalName is a DNS name", { type: "ExternalName", externalName: "db.example.com." }, []],
    ["ExternalName with a cluster IP", { type: "ExternalName", externalName: "db", clusterIP: "10.96.0.9" }, [
      "spec.clusterIPs: Forbidden: may not be set for ExternalName services",
    ]],
    ["bad cluster IP", { ...web, clusterIP: "10.96.0" }, [
      'spec.clusterIPs[0]: Invalid value: "10.96.0": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
    ]],
    ["clusterIPs must follow clusterIP", { ...web, clusterIP: "10.96.0.1", clusterIPs: ["10.96.0.2"] }, [
      'spec.clusterIPs: Invalid value: ["10.96.0.2"]: first value must match `clusterIP`',
    ]],
    ["one IP per family", { ...web, clusterIP: "10.96.0.1", clusterIPs: ["10.96.0.1", "10.96.0.2"] }, [
      'spec.clusterIPs: Invalid value: ["10.96.0.1","10.96.0.2"]: may specify no more than one IP for each IP family',
    ]],
    ["IP matches its family", { ...web, clusterIP: "fd00::10", ipFamilies: ["IPv4"] }, [
      'spec.clusterIPs[0]: Invalid value: "fd00::10": expected an IPv4 value as indicated by `ipFamilies[0]`',
    ]],
    ["unknown family", { ...web, ipFamilies: ["IPv5"] }, ['spec.ipFamilies[0]: Unsupported value: "IPv5": supported values: "IPv4", "IPv6"']],
    ["external IP must not be loopback", { ...web, externalIPs: ["127.0.0.1"] }, [
      'spec.externalIPs[0]: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)',
    ]],
    ["affinity timeout in range", { ...web, sessionAffinity: "ClientIP", sessionAffinityConfig: { clientIP: { timeoutSeconds: 0 } } }, [
      "spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: 0: must be greater than 0 and less than 86400",
    ]],
    ["unknown affinity", { ...web, sessionAffinity: "Cookie" }, [
      'spec.sessionAffinity: Unsupported value: "Cookie": supported values: "ClientIP", "None"',
    ]],
    ["external traffic policy needs external access", { ...web, externalTrafficPolicy: "Local" }, [
      'spec.externalTrafficPolicy: Invalid value: "Local": may only be set for externally-accessible services',
    ]],
    ["health check port needs LoadBalancer and Local", { ...web, healthCheckNodePort: 30000 }, [
      "spec.healthCheckNodePort: Invalid value: 30000: may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'",
    ]],
    ["LoadBalancer with Local policy, port not yet allocated", { ...web, type: "LoadBalancer", externalTrafficPolicy: "Local" }, []],
    ["source ranges need a LoadBalancer", { ...web, loadBalancerSourceRanges: ["10.0.0.0/8", "bad"] }, [
      "spec.LoadBalancerSourceRanges: Forbidden: may only be used when `type` is 'LoadBalancer'",
      'spec.LoadBalancerSourceRanges[1]: Invalid value: "bad": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
    ]],
    ["load balancer class needs a LoadBalancer", { ...web, loadBalancerClass: "example.com/lb" }, [
      "spec.loadBalancerClass: Forbidden: may only be used when `type` is 'LoadBalancer'",
    ]],
    ["traffic distribution", { ...web, trafficDistribution: "Nearby" }, [
      'spec.trafficDistribution: Unsupported value: "Nearby": supported values: "PreferClose"',
    ]],
    ["internal traffic policy values", { ...web, internalTrafficPolicy: "Node" }, [
      'spec.internalTrafficPolicy: Unsupported value: "Node": supported values: "Cluster", "Local"',
    ]],
    ["selector labels", { ...web, selector: { app: "web!" } }, [
      "spec.selector: Invalid value: \"web!\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
    ]],
  ];
  for (const [name, spec, want] of cases) assert.deepEqual(create(serviceKind, service(spec)).errors, want, name);
});

test("Service names are DNS-1035 labels", () => {
  const { errors } = create(serviceKind, object(serviceKind, { spec: web }, "1web"));
  assert.deepEqual(errors, [
    "metadata.name: Invalid value: \"1web\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
  ]);
});

test("Service status writes are checked against the type", () => {
  const cases: [string, string, Record<string, unknown>, string[]][] = [
    ["ip", "LoadBalancer", { ip: "1.2.3.4", ipMode: "VIP" }, []],
    ["hostname", "LoadBalancer", { hostname: "lb.example.com" }, []],
    ["bad mode", "LoadBalancer", { ip: "1.2.3.4", ipMode: "Tunnel" }, [
      'status.loadBalancer.ingress[0].ipMode: Unsupported value: "Tunnel": supported values: "Proxy", "VIP"',
    ]],
    ["mode without ip", "LoadBalancer", { hostname: "lb.example.com", ipMode: "VIP" }, [
      "status.loadBalancer.ingress[0].ipMode: Forbidden: may not be specified when `ip` is not set",
    ]],
    ["hostname is not an IP", "LoadBalancer", { hostname: "1.2.3.4" }, [
      'status.loadBalancer.ingress[0].hostname: Invalid value: "1.2.3.4": must be a DNS name, not an IP address',
    ]],
    ["not a LoadBalancer", "ClusterIP", { ip: "1.2.3.4" }, [
      "status.loadBalancer.ingress: Forbidden: may only be used when `spec.type` is 'LoadBalancer'",
    ]],
  ];
  for (const [name, type, ingress, want] of cases) {
    const written = create(serviceKind, service({ ...web, type })).object;
    written.status = { loadBalancer: { ingress: [ingress] } };
    assert.deepEqual(serviceKind.strategy.validate(written).map((e) => `${e.field}: ${e.message}`), want, name);
  }
});

test("Service updates keep allocated values and guard the primary cluster IP", () => {
  const allocated = create(serviceKind, service({ ...web, type: "NodePort", clusterIP: "10.96.0.10", ports: [{ name: "http", port: 80, nodePort: 30080 }] })).object;
  const cases: [string, Record<string, unknown>, Record<string, unknown>, string[]][] = [
    [
      "a replace without allocated values keeps them",
      { selector: { app: "web" }, type: "NodePort", ports: [{ name: "http", port: 80 }] },
      { clusterIP: "10.96.0.10", clusterIPs: ["10.96.0.10"], ports: [{ name: "http", port: 80, protocol: "TCP", targetPort: 80, nodePort: 30080 }] },
      [],
    ],
    [
      "changing the cluster IP",
      { ...web, type: "NodePort", clusterIP: "10.96.0.11" },
      { clusterIPs: ["10.96.0.11"] },
      ['spec.clusterIPs[0]: Invalid value: ["10.96.0.11"]: may not change once set'],
    ],
    [
      "making it headless",
      { ...web, type: "ClusterIP", clusterIP: "None" },
      {},
      ['spec.clusterIPs[0]: Invalid value: ["None"]: may not change once set'],
    ],
    [
      "switching to ClusterIP wipes node ports and the external policy",
      { ...web, type: "ClusterIP", ports: [{ name: "http", port: 80, nodePort: 30080 }], externalTrafficPolicy: "Cluster" },
      { ports: [{ name: "http", port: 80, protocol: "TCP", targetPort: 80 }], externalTrafficPolicy: undefined },
      [],
    ],
    [
      "switching to ExternalName wipes the IP fields",
      { ...specOf(allocated), type: "ExternalName", externalName: "db.example.com" },
      { clusterIP: undefined, clusterIPs: undefined, ipFamilyPolicy: undefined, internalTrafficPolicy: "Cluster" },
      [],
    ],
    [
      "an explicit policy on a single-stack service is kept",
      { ...web, type: "NodePort", clusterIP: "10.96.0.10", clusterIPs: ["10.96.0.10"], ipFamilyPolicy: "RequireDualStack" },
      { ipFamilyPolicy: "RequireDualStack" },
      [],
    ],
  ];
  for (const [name, spec, want, errors] of cases) {
    const result = update(serviceKind, service(spec), allocated);
    assert.deepEqual(result.errors, errors, name);
    for (const [field, value] of Object.entries(want)) assert.deepEqual(specOf(result.object)[field], value, `${name}: ${field}`);
  }
});

test("Service dual-stack downgrades must say SingleStack", () => {
  const dual = create(serviceKind, service({ ...web, clusterIP: "10.96.0.10", clusterIPs: ["10.96.0.10", "fd00::10"], ipFamilies: ["IPv4", "IPv6"] })).object;
  assert.equal(specOf(dual).ipFamilyPolicy, "RequireDualStack");
  const downgrade = { ...specOf(dual), clusterIPs: ["10.96.0.10"], ipFamilies: ["IPv4"] };
  assert.deepEqual(update(serviceKind, service(downgrade), dual).errors, [
    'spec.ipFamilyPolicy: Invalid value: "RequireDualStack": must be set to \'SingleStack\' when releasing the secondary clusterIP',
    'spec.ipFamilyPolicy: Invalid value: "RequireDualStack": must be set to \'SingleStack\' when releasing the secondary ipFamily',
  ]);
  assert.deepEqual(update(serviceKind, service({ ...downgrade, ipFamilyPolicy: "SingleStack" }), dual).errors, []);
});

test("Service load balancer class and health check port are fixed once set", () => {
  const lb = create(serviceKind, service({ ...web, type: "LoadBalancer", externalTrafficPolicy: "Local", loadBalancerClass: "a.io/lb", healthCheckNodePort: 31000 })).object;
  const changed = { ...specOf(lb), loadBalancerClass: "b.io/lb", healthCheckNodePort: 31001 };
  assert.deepEqual(update(serviceKind, service(changed), lb).errors, [
    'spec.loadBalancerClass: Invalid value: "b.io/lb": may not change once set',
    "spec.healthCheckNodePort: Forbidden: field is immutable",
  ]);
  const toClusterIP = update(serviceKind, service({ ...specOf(lb), type: "ClusterIP" }, { status: lb.status }), lb).object;
  for (const field of ["loadBalancerClass", "healthCheckNodePort", "allocateLoadBalancerNodePorts", "externalTrafficPolicy"]) {
    assert.equal(specOf(toClusterIP)[field], undefined, field);
  }
});

test("Service table rows match kubectl get services -o wide", () => {
  const lbStatus = { loadBalancer: { ingress: [{ ip: "203.0.113.9" }, { hostname: "lb.example.com" }, { ip: "203.0.113.9" }] } };
  const cases: [string, Record<string, unknown>, Record<string, unknown> | undefined, unknown[]][] = [
    ["ClusterIP", { ...web, type: "ClusterIP", clusterIPs: ["10.96.0.10"], ports: [{ port: 80, protocol: "TCP" }] }, undefined,
      ["web", "ClusterIP", "10.96.0.10", "<none>", "80/TCP", "5m", "app=web"]],
    ["NodePort", { type: "NodePort", clusterIPs: ["10.96.0.11"], ports: [{ port: 80, protocol: "TCP", nodePort: 30080 }, { port: 53, protocol: "UDP" }] }, undefined,
      ["web", "NodePort", "10.96.0.11", "<none>", "80:30080/TCP,53/UDP", "5m", "<none>"]],
    ["LoadBalancer pending", { type: "LoadBalancer", clusterIPs: ["10.96.0.12"], ports: [] }, undefined,
      ["web", "LoadBalancer", "10.96.0.12", "<pending>", "<none>", "5m", "<none>"]],
    ["LoadBalancer ready", { type: "LoadBalancer", externalIPs: ["198.51.100.1"], selector: { tier: "a", app: "b" } }, lbStatus,
      ["web", "LoadBalancer", "<none>", "203.0.113.9,lb.example.com,198.51.100.1", "<none>", "5m", "app=b,tier=a"]],
    ["ExternalName", { type: "ExternalName", externalName: "db.example.com" }, undefined,
      ["web", "ExternalName", "<none>", "db.example.com", "<none>", "5m", "<none>"]],
    ["external IPs", { type: "ClusterIP", externalIPs: ["1.1.1.1", "2.2.2.2"], clusterIPs: ["None"] }, undefined,
      ["web", "ClusterIP", "None", "1.1.1.1,2.2.2.2", "<none>", "5m", "<none>"]],
  ];
  for (const [name, spec, status, want] of cases) {
    assert.deepEqual(row(serviceKind, service(spec, status ? { status } : {})), want, name);
  }
  assert.deepEqual(serviceKind.columns.map((c) => [c.name, c.priority]), [
    ["Name", 0], ["Type", 0], ["Cluster-IP", 0], ["External-IP", 0], ["Port(s)", 0], ["Age", 0], ["Selector", 1],
  ]);
});

test("Service selectable fields are spec.clusterIP and spec.type", () => {
  const stored = create(serviceKind, service({ ...web, clusterIP: "10.96.0.7" })).object;
  assert.deepEqual(serviceKind.selectableFields(stored), { "spec.clusterIP": "10.96.0.7", "spec.type": "ClusterIP" });
});
