import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Schema } from "../types.js";
import { describeErrors } from "./kind-testing.js";
import { defaultImagePullPolicy } from "./pod-defaults.js";
import { defaultPodSpec, podSpecSchema, podTemplateSpecSchema, validatePodSpec, validatePodTemplate } from "./pod-spec.js";
import type { PodSpec } from "./pod-types.js";
import { podQOSClass } from "./pod-qos.js";
import { parseQuantity } from "./quantity.js";
import { VOLUME_SOURCES } from "./volume-validation.js";

function defaulted(spec: PodSpec): PodSpec {
  const copy = structuredClone(spec);
  defaultPodSpec(copy);
  return copy;
}

/** A valid, defaulted spec with the given changes, for validation cases. */
function validSpec(change: (spec: PodSpec) => void = () => {}): PodSpec {
  const spec = defaulted({ containers: [{ name: "app", image: "nginx:1.27" }] });
  change(spec);
  return spec;
}

function at(schema: Schema, path: string): Schema {
  return path.split(".").reduce<Schema>((current, part) => {
    const next = part === "[]" ? current.items : current.properties?.[part];
    assert.ok(next, `no ${part} in schema path ${path}`);
    return next;
  }, schema);
}

describe("defaultImagePullPolicy", () => {
  const cases: [string, string][] = [
    ["nginx", "Always"],
    ["nginx:latest", "Always"],
    ["nginx:1.27", "IfNotPresent"],
    ["registry.local:5000/team/app", "Always"],
    ["registry.local:5000/team/app:v2", "IfNotPresent"],
    ["nginx@sha256:0123456789abcdef", "IfNotPresent"],
    ["", "IfNotPresent"],
  ];
  for (const [image, policy] of cases) {
    it(`${image || "(empty)"} → ${policy}`, () => assert.equal(defaultImagePullPolicy(image), policy));
  }
});

describe("defaultPodSpec", () => {
  it("fills the pod-level defaults", () => {
    const spec = defaulted({ containers: [] });
    assert.deepEqual(
      { ...spec, containers: undefined },
      {
        containers: undefined,
        dnsPolicy: "ClusterFirst",
        restartPolicy: "Always",
        securityContext: {},
        terminationGracePeriodSeconds: 30,
        schedulerName: "default-scheduler",
      },
    );
  });

  it("keeps values that are set", () => {
    const spec = defaulted({ restartPolicy: "Never", terminationGracePeriodSeconds: 0, dnsPolicy: "None" });
    assert.equal(spec.restartPolicy, "Never");
    assert.equal(spec.terminationGracePeriodSeconds, 0);
    assert.equal(spec.dnsPolicy, "None");
  });

  it("defaults containers, init containers and their probes", () => {
    const spec = defaulted({
      initContainers: [{ name: "init", image: "busybox:1.36" }],
      containers: [
        {
          name: "app",
          image: "nginx",
          ports: [{ containerPort: 80 }],
          env: [{ name: "POD", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } }],
          livenessProbe: { httpGet: { port: 80 } },
          readinessProbe: { grpc: { port: 9000 }, periodSeconds: 5 },
          lifecycle: { preStop: { httpGet: { port: "http" } } },
        },
      ],
    });
    const [app] = spec.containers ?? [];
    assert.deepEqual(spec.initContainers?.[0], {
      name: "init",
      image: "busybox:1.36",
      imagePullPolicy: "IfNotPresent",
      terminationMessagePath: "/dev/termination-log",
      terminationMessagePolicy: "File",
    });
    assert.equal(app?.imagePullPolicy, "Always");
    assert.equal(app?.ports?.[0]?.protocol, "TCP");
    assert.equal(app?.env?.[0]?.valueFrom?.fieldRef?.apiVersion, "v1");
    assert.deepEqual(app?.livenessProbe, {
      httpGet: { port: 80, path: "/", scheme: "HTTP" },
      timeoutSeconds: 1,
      periodSeconds: 10,
      successThreshold: 1,
      failureThreshold: 3,
    });
    assert.deepEqual(app?.readinessProbe, { grpc: { port: 9000, service: "" }, timeoutSeconds: 1, periodSeconds: 5, successThreshold: 1, failureThreshold: 3 });
    assert.deepEqual(app?.lifecycle?.preStop?.httpGet, { port: "http", path: "/", scheme: "HTTP" });
  });

  const volumeCases: [string, Record<string, unknown>, Record<string, unknown>][] = [
    ["no source becomes emptyDir", { name: "v" }, { name: "v", emptyDir: {} }],
    ["configMap mode 0644", { name: "v", configMap: { name: "c" } }, { name: "v", configMap: { name: "c", defaultMode: 420 } }],
    ["secret mode 0644", { name: "v", secret: { secretName: "s" } }, { name: "v", secret: { secretName: "s", defaultMode: 420 } }],
    ["hostPath type unset", { name: "v", hostPath: { path: "/data" } }, { name: "v", hostPath: { path: "/data", type: "" } }],
    [
      "downwardAPI items get apiVersion v1",
      { name: "v", downwardAPI: { items: [{ path: "labels", fieldRef: { fieldPath: "metadata.labels" } }] } },
      { name: "v", downwardAPI: { defaultMode: 420, items: [{ path: "labels", fieldRef: { fieldPath: "metadata.labels", apiVersion: "v1" } }] } },
    ],
    [
      "projected token lifetime one hour",
      { name: "v", projected: { sources: [{ serviceAccountToken: { path: "token" } }] } },
      { name: "v", projected: { defaultMode: 420, sources: [{ serviceAccountToken: { path: "token", expirationSeconds: 3600 } }] } },
    ],
    [
      "ephemeral claim volumeMode Filesystem",
      { name: "v", ephemeral: { volumeClaimTemplate: { spec: {} } } },
      { name: "v", ephemeral: { volumeClaimTemplate: { spec: { volumeMode: "Filesystem" } } } },
    ],
    ["rbd pool, user and keyring", { name: "v", rbd: {} }, { name: "v", rbd: { pool: "rbd", user: "admin", keyring: "/etc/ceph/keyring" } }],
  ];
  for (const [name, volume, expected] of volumeCases) {
    it(`volume: ${name}`, () => assert.deepEqual(defaulted({ volumes: [volume] }).volumes?.[0], expected));
  }
});

describe("validatePodSpec", () => {
  const c0 = "spec.containers[0]";
  const cases: [string, (spec: PodSpec) => void, string[]][] = [
    ["a valid spec", () => {}, []],
    ["no containers", (s) => (s.containers = []), ["spec.containers: Required value"]],
    ["missing image", (s) => delete s.containers?.[0]?.image, [`${c0}.image: Required value`]],
    [
      "container name not a DNS label",
      (s) => s.containers?.[0] && (s.containers[0].name = "App_1"),
      [
        `${c0}.name: Invalid value: "App_1": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
      ],
    ],
    [
      "duplicate container names across init and app containers",
      (s) => (s.initContainers = defaulted({ containers: [{ name: "app", image: "busybox" }] }).containers ?? []),
      ['spec.initContainers[0].name: Duplicate value: "app"'],
    ],
    ["port without number", (s) => s.containers?.[0] && (s.containers[0].ports = [{ protocol: "TCP" }]), [`${c0}.ports[0].containerPort: Required value`]],
    [
      "port out of range and bad protocol",
      (s) => s.containers?.[0] && (s.containers[0].ports = [{ containerPort: 70000, protocol: "HTTP" }]),
      [
        `${c0}.ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive`,
        `${c0}.ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"`,
      ],
    ],
    [
      "duplicate port names",
      (s) => s.containers?.[0] && (s.containers[0].ports = [{ name: "http", containerPort: 80, protocol: "TCP" }, { name: "http", containerPort: 81, protocol: "TCP" }]),
      [`${c0}.ports[1].name: Duplicate value: "http"`],
    ],
    [
      "mount of an unknown volume",
      (s) => s.containers?.[0] && (s.containers[0].volumeMounts = [{ name: "data", mountPath: "/data" }]),
      [`${c0}.volumeMounts[0].name: Not found: "data"`],
    ],
    [
      "liveness probe must succeed once",
      (s) =>
        s.containers?.[0] &&
        (s.containers[0].livenessProbe = { exec: { command: ["true"] }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 2, failureThreshold: 3 }),
      [`${c0}.livenessProbe.successThreshold: Invalid value: 2: must be 1`],
    ],
    [
      "probe without a handler",
      (s) => s.containers?.[0] && (s.containers[0].readinessProbe = { timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 }),
      [`${c0}.readinessProbe: Required value: must specify a handler type`],
    ],
    [
      "requests above limits",
      (s) => s.containers?.[0] && (s.containers[0].resources = { limits: { cpu: "500m" }, requests: { cpu: "1" } }),
      [`${c0}.resources.requests: Invalid value: "1": must be less than or equal to cpu limit of 500m`],
    ],
    ["bad restart policy", (s) => (s.restartPolicy = "Sometimes"), ['spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"']],
    [
      "duplicate volume names",
      (s) => (s.volumes = [{ name: "v", emptyDir: {} }, { name: "v", emptyDir: {} }]),
      ['spec.volumes[1].name: Duplicate value: "v"'],
    ],
    [
      "two volume sources",
      (s) => (s.volumes = [{ name: "v", emptyDir: {}, hostPath: { path: "/x", type: "" } }]),
      ["spec.volumes[0].hostPath: Forbidden: may not specify more than 1 volume type"],
    ],
    [
      "toleration without key must use Exists",
      (s) => (s.tolerations = [{ operator: "Equal", value: "x" }]),
      ['spec.tolerations[0].operator: Invalid value: "Equal": operator must be Exists when `key` is empty, which means "match all values and all keys"'],
    ],
    [
      "tolerationSeconds needs NoExecute",
      (s) => (s.tolerations = [{ key: "k", operator: "Exists", effect: "NoSchedule", tolerationSeconds: 5 }]),
      ["spec.tolerations[0].effect: Invalid value: \"NoSchedule\": effect must be 'NoExecute' when `tolerationSeconds` is set"],
    ],
    [
      "node affinity without terms",
      (s) => (s.affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [] } } }),
      ["spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms: Required value: must have at least one node selector term"],
    ],
    ["dnsPolicy None needs dnsConfig", (s) => (s.dnsPolicy = "None"), ["spec.dnsConfig: Required value: must provide `dnsConfig` when `dnsPolicy` is None"]],
    ["activeDeadlineSeconds zero", (s) => (s.activeDeadlineSeconds = 0), ["spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive"]],
    [
      "topology spread skew and action",
      (s) => (s.topologySpreadConstraints = [{ maxSkew: 0, topologyKey: "zone", whenUnsatisfiable: "Maybe" }]),
      [
        "spec.topologySpreadConstraints[0].maxSkew: Invalid value: 0: must be greater than zero",
        'spec.topologySpreadConstraints[0].whenUnsatisfiable: Unsupported value: "Maybe": supported values: "DoNotSchedule", "ScheduleAnyway"',
      ],
    ],
  ];
  for (const [name, change, expected] of cases) {
    it(name, () => assert.deepEqual(describeErrors(validatePodSpec(validSpec(change), "spec")), expected));
  }

  it("requires host ports to equal container ports with hostNetwork, for pods only", () => {
    const spec = validSpec((s) => {
      s.hostNetwork = true;
      if (s.containers?.[0]) s.containers[0].ports = [{ containerPort: 80, protocol: "TCP" }];
    });
    assert.deepEqual(describeErrors(validatePodSpec(spec, "spec", { isPod: true })), [
      "spec.containers[0].ports[0].hostPort: Invalid value: 0: must match `containerPort` when `hostNetwork` is true",
    ]);
    assert.deepEqual(validatePodSpec(spec, "spec"), []);
  });
});

describe("validatePodTemplate", () => {
  it("checks template labels and forbids ephemeral containers", () => {
    const spec = validSpec((s) => (s.ephemeralContainers = [{ name: "debug", image: "busybox", imagePullPolicy: "Always", terminationMessagePolicy: "File" }]));
    assert.deepEqual(describeErrors(validatePodTemplate({ metadata: { labels: { "bad key!": "x" } }, spec }, "spec.template")), [
      `spec.template.labels: Invalid value: "bad key!": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
      "spec.template.spec.ephemeralContainers: Forbidden: ephemeral containers not allowed in pod template",
    ]);
  });
});

describe("pod spec schema", () => {
  const cases: [string, Partial<Schema>][] = [
    ["containers", { "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["name"], "x-kubernetes-patch-merge-key": "name", "x-kubernetes-patch-strategy": "merge" }],
    ["volumes", { "x-kubernetes-patch-merge-key": "name", "x-kubernetes-patch-strategy": "merge,retainKeys" }],
    ["containers.[].ports", { "x-kubernetes-list-map-keys": ["containerPort", "protocol"], "x-kubernetes-patch-merge-key": "containerPort" }],
    ["containers.[].volumeMounts", { "x-kubernetes-list-map-keys": ["mountPath"], "x-kubernetes-patch-merge-key": "mountPath" }],
    ["containers.[].env", { "x-kubernetes-patch-merge-key": "name" }],
    ["tolerations", { "x-kubernetes-list-type": "atomic" }],
    ["containers.[].ports.[].protocol", { default: "TCP", enum: ["SCTP", "TCP", "UDP"] }],
    ["containers.[].livenessProbe.httpGet.port", { "x-kubernetes-int-or-string": true }],
    ["containers.[].resources.limits", { type: "object" }],
    ["terminationGracePeriodSeconds", { type: "integer", format: "int64" }],
    ["nodeSelector", { "x-kubernetes-map-type": "atomic" }],
  ];
  for (const [path, expected] of cases) {
    it(path, () => {
      const schema = at(podSpecSchema, path);
      for (const [key, value] of Object.entries(expected)) assert.deepEqual(schema[key as keyof Schema], value, key);
    });
  }

  it("requires containers and container names, and describes every field", () => {
    assert.deepEqual(podSpecSchema.required, ["containers"]);
    assert.deepEqual(at(podSpecSchema, "containers.[]").required, ["name"]);
    const undescribed: string[] = [];
    const walk = (schema: Schema, path: string): void => {
      for (const [name, child] of Object.entries(schema.properties ?? {})) {
        if (!child.description) undescribed.push(`${path}.${name}`);
        walk(child.items ?? child, `${path}.${name}`);
      }
    };
    walk(podTemplateSpecSchema, "template");
    assert.deepEqual(undescribed, []);
  });
});

describe("podQOSClass", () => {
  const cases: [string, PodSpec, string][] = [
    ["nothing requested", { containers: [{ name: "a" }] }, "BestEffort"],
    ["requests equal limits", { containers: [{ name: "a", resources: { limits: { cpu: "1", memory: "1Gi" }, requests: { cpu: "1000m", memory: "1Gi" } } }] }, "Guaranteed"],
    ["requests below limits", { containers: [{ name: "a", resources: { limits: { cpu: "1", memory: "1Gi" }, requests: { cpu: "500m", memory: "1Gi" } } }] }, "Burstable"],
    ["memory limit missing", { containers: [{ name: "a", resources: { limits: { cpu: "1" }, requests: { cpu: "1" } } }] }, "Burstable"],
  ];
  for (const [name, spec, expected] of cases) {
    it(name, () => assert.equal(podQOSClass(spec), expected));
  }
});

describe("parseQuantity", () => {
  const cases: [unknown, number | undefined][] = [
    ["500m", 0.5],
    ["1Gi", 2 ** 30],
    ["2k", 2000],
    ["1e3", 1000],
    [3, 3],
    ["1.5", 1.5],
    ["abc", undefined],
    ["1..2", undefined],
  ];
  for (const [value, expected] of cases) {
    it(`${String(value)}`, () => assert.equal(parseQuantity(value), expected));
  }
});

describe("volume sources", () => {
  it("lists exactly the sources of the schema", () => {
    const schemaSources = Object.keys(at(podSpecSchema, "volumes.[]").properties ?? {}).filter((field) => field !== "name");
    assert.deepEqual([...VOLUME_SOURCES].sort(), schemaSources.sort());
  });
});
