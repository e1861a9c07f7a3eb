import { test } from "node:test";
import assert from "node:assert/strict";
import { secretKind } from "./secret.js";
import { create, object, row, update } from "./common/_core-test-kit.js";

const secret = (fields: Record<string, unknown>) => object(secretKind, fields, "creds");
const b64 = (text: string) => Buffer.from(text).toString("base64");

test("Secret defaults the type and merges stringData into data", () => {
  const { object: created, errors } = create(secretKind, secret({ data: { user: b64("old"), keep: b64("k") }, stringData: { user: "admin", pass: "s3cret" } }));
  assert.deepEqual(errors, []);
  assert.equal(created.type, "Opaque");
  assert.equal(created.stringData, undefined);
  assert.deepEqual(created.data, { user: b64("admin"), keep: b64("k"), pass: b64("s3cret") });
});

test("Secret validation checks encoding, size and the keys each type needs", () => {
  const cases: [string, Record<string, unknown>, string[]][] = [
    ["opaque", { data: { a: b64("1") } }, []],
    ["bad base64", { data: { a: "%%" } }, ['data[a]: Invalid value: "<secret contents redacted>": illegal base64 data at input byte 0']],
    ["bad key", { data: { "../x": "" } }, [
      "data[../x]: Invalid value: \"../x\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
      "data[../x]: Invalid value: \"../x\": must not start with '..'",
    ]],
    ["over 1 MiB", { stringData: { a: "x".repeat(1024 * 1024 + 1) } }, ["data: Too long: may not be more than 1048576 bytes"]],
    ["tls needs both keys", { type: "kubernetes.io/tls", data: { "tls.crt": b64("c") } }, ["data[tls.key]: Required value"]],
    ["basic auth needs one of two", { type: "kubernetes.io/basic-auth" }, ["data[username]: Required value", "data[password]: Required value"]],
    ["basic auth with a password", { type: "kubernetes.io/basic-auth", stringData: { password: "" } }, []],
    ["ssh key", { type: "kubernetes.io/ssh-auth", data: { "ssh-privatekey": "" } }, ["data[ssh-privatekey]: Required value"]],
    ["service account token", { type: "kubernetes.io/service-account-token" }, [
      "metadata.annotations[kubernetes.io/service-account.name]: Required value",
    ]],
    ["service account token, annotated", { type: "kubernetes.io/service-account-token", metadata: { annotations: { "kubernetes.io/service-account.name": "default" } } }, []],
    ["docker config JSON", { type: "kubernetes.io/dockerconfigjson", stringData: { ".dockerconfigjson": '{"auths":{}}' } }, []],
    ["docker config must be an object", { type: "kubernetes.io/dockerconfigjson", stringData: { ".dockerconfigjson": "[]" } }, [
      'data[.dockerconfigjson]: Invalid value: "<secret contents redacted>": json: cannot unmarshal array into Go value of type map[string]interface {}',
    ]],
    ["legacy docker config missing", { type: "kubernetes.io/dockercfg" }, ["data[.dockercfg]: Required value"]],
    ["custom type", { type: "example.com/thing" }, []],
  ];
  for (const [name, fields, want] of cases) assert.deepEqual(create(secretKind, secret(fields)).errors, want, name);
});

test("Secret type is immutable, and so is data once immutable is set", () => {
  const old = create(secretKind, secret({ type: "Opaque", immutable: true, data: { a: b64("1") } })).object;
  const cases: [string, Record<string, unknown>, string[]][] = [
    ["same", { immutable: true, data: { a: b64("1") } }, []],
    ["type", { type: "example.com/x", immutable: true, data: { a: b64("1") } }, ['type: Invalid value: "example.com/x": field is immutable']],
    ["stringData changes data", { immutable: true, data: { a: b64("1") }, stringData: { a: "2" } }, [
      "data: Forbidden: field is immutable when `immutable` is set",
    ]],
  ];
  for (const [name, fields, want] of cases) assert.deepEqual(update(secretKind, secret(fields), old).errors, want, name);
});

test("Secret table and field selector", () => {
  const created = create(secretKind, secret({ type: "kubernetes.io/tls", stringData: { "tls.crt": "c", "tls.key": "k" } })).object;
  assert.deepEqual(row(secretKind, created), ["creds", "kubernetes.io/tls", 2, "5m"]);
  assert.deepEqual(secretKind.selectableFields(created), { type: "kubernetes.io/tls" });
});
