import { test } from "node:test";
import assert from "node:assert/strict";
import { ingressKind } from "./ingress.js";
import { create, object, row } from "./common/_core-test-kit.js";

const ingress = (spec: Record<string, unknown>, extra: Record<string, unknown> = {}) => object(ingressKind, { spec, ...extra }, "web");
const svc = { service: { name: "web", port: { number: 80 } } };
const paths = (...items: Record<string, unknown>[]) => [{ host: "example.com", http: { paths: items } }];

test("Ingress drops client-sent status on create", () => {
  assert.deepEqual(create(ingressKind, ingress({ defaultBackend: svc }, { status: { loadBalancer: { ingress: [{ ip: "1.2.3.4" }] } } })).object.status, {});
});

test("Ingress validation", () => {
  const cases: [string, Record<string, unknown>, string[]][] = [
    ["valid", { ingressClassName: "nginx", rules: paths({ path: "/", pathType: "Prefix", backend: svc }), tls: [{ hosts: ["*.example.com"], secretName: "tls" }] }, []],
    ["neither backend nor rules", {}, ["spec: Invalid value: null: either `defaultBackend` or `rules` must be specified"]],
    ["no pathType", { rules: paths({ path: "/", backend: svc }) }, ["spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified"]],
    ["bad pathType", { rules: paths({ path: "/", pathType: "Regex", backend: svc }) }, [
      'spec.rules[0].http.paths[0].pathType: Unsupported value: "Regex": supported values: "Exact", "ImplementationSpecific", "Prefix"',
    ]],
    ["relative and unsafe paths", { rules: paths({ path: "a//b/.", pathType: "Exact", backend: svc }, { path: "x", pathType: "ImplementationSpecific", backend: svc }) }, [
      'spec.rules[0].http.paths[0].path: Invalid value: "a//b/.": must be an absolute path',
      "spec.rules[0].http.paths[0].path: Invalid value: \"a//b/.\": must not contain '//'",
      "spec.rules[0].http.paths[0].path: Invalid value: \"a//b/.\": cannot end with '/.'",
      'spec.rules[0].http.paths[1].path: Invalid value: "x": must be an absolute path',
    ]],
    ["no paths", { rules: [{ http: { paths: [] } }] }, ["spec.rules[0].http.paths: Required value"]],
    ["backends", { rules: paths(
      { path: "/a", pathType: "Prefix", backend: {} },
      { path: "/b", pathType: "Prefix", backend: { ...svc, resource: { kind: "Bucket", name: "b" } } },
      { path: "/c", pathType: "Prefix", backend: { service: { name: "Web", port: { name: "http", number: 80 } } } },
      { path: "/d", pathType: "Prefix", backend: { service: { name: "web", port: {} } } },
      { path: "/e", pathType: "Prefix", backend: { service: { name: "web", port: { number: 70000 } } } },
      { path: "/f", pathType: "Prefix", backend: { resource: { kind: "Bucket" } } },
    ) }, [
      'spec.rules[0].http.paths[0].backend: Invalid value: "": resource or service backend is required',
      'spec.rules[0].http.paths[1].backend: Invalid value: "": cannot set both resource and service backends',
      "spec.rules[0].http.paths[2].backend.service.name: Invalid value: \"Web\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
      'spec.rules[0].http.paths[2].backend: Invalid value: "": cannot set both port name & port number',
      "spec.rules[0].http.paths[3].backend: Required value: port name or number is required",
      "spec.rules[0].http.paths[4].backend.service.port.number: Invalid value: 70000: must be between 1 and 65535, inclusive",
      "spec.rules[0].http.paths[5].backend.resource.name: Required value: name is required",
    ]],
    ["hosts", { rules: [{ host: "1.2.3.4" }, { host: "*.Example.com" }], tls: [{ hosts: ["a_b"] }] }, [
      'spec.rules[0].host: Invalid value: "1.2.3.4": must be a DNS name, not an IP address',
      "spec.rules[1].host: Invalid value: \"*.Example.com\": a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com', regex used for validation is '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      "spec.tls[0].hosts[0]: Invalid value: \"a_b\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    ]],
  ];
  for (const [name, spec, want] of cases) assert.deepEqual(create(ingressKind, ingress(spec)).errors, want, name);
  const annotated = ingress({ ingressClassName: "nginx", defaultBackend: svc }, { metadata: { annotations: { "kubernetes.io/ingress.class": "traefik" } } });
  assert.deepEqual(create(ingressKind, annotated).errors, [
    'annotations[kubernetes.io/ingress.class]: Invalid value: "traefik": must match `ingressClassName` when both are specified',
  ]);
});

test("Ingress table cells", () => {
  const host = (name: string) => ({ host: name });
  const cases: [string, Record<string, unknown>, Record<string, unknown>, (string | number)[]][] = [
    ["default backend only", { defaultBackend: svc }, {}, ["web", "<none>", "*", "", "80", "5m"]],
    ["tls and address", { ingressClassName: "nginx", rules: [host("a.com")], tls: [{}] },
      { loadBalancer: { ingress: [{ ip: "10.0.0.2" }, { hostname: "lb.example.com" }, { ip: "10.0.0.2" }] } },
      ["web", "nginx", "a.com", "10.0.0.2,lb.example.com", "80, 443", "5m"]],
    ["three hosts exactly", { rules: [host("a"), {}, host("b"), host("c")] }, {}, ["web", "<none>", "a,b,c", "", "80", "5m"]],
    ["more than three", { rules: [host("a"), host("b"), host("c"), {}, host("d")] }, {}, ["web", "<none>", "a,b,c + 2 more...", "", "80", "5m"]],
  ];
  for (const [name, spec, status, want] of cases) assert.deepEqual(row(ingressKind, ingress(spec, { status })), want, name);
});
