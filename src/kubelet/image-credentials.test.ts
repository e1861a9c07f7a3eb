import assert from "node:assert/strict";
import { test } from "node:test";
import type { KubeObject } from "../apis/types.js";
import { credentialsFor, keyringOf, repositoryOf, urlsMatch } from "./image-credentials.js";

function secret(name: string, type: string, key: string, config: unknown): KubeObject {
  return { apiVersion: "v1", kind: "Secret", metadata: { name }, type, data: { [key]: Buffer.from(JSON.stringify(config)).toString("base64") } } as KubeObject;
}

const basic = (user: string, password: string): string => Buffer.from(`${user}:${password}`).toString("base64");

test("repositoryOf() qualifies names as the docker reference parser does", () => {
  assert.equal(repositoryOf("busybox"), "docker.io/library/busybox");
  assert.equal(repositoryOf("busybox:1.36"), "docker.io/library/busybox");
  assert.equal(repositoryOf("someone/app:v1"), "docker.io/someone/app");
  assert.equal(repositoryOf("index.docker.io/someone/app"), "docker.io/someone/app");
  assert.equal(repositoryOf("localhost:5000/team/app:v2"), "localhost:5000/team/app");
  assert.equal(repositoryOf("localhost/app"), "localhost/app");
  assert.equal(repositoryOf("quay.io/coreos/etcd@sha256:abcd"), "quay.io/coreos/etcd");
});

test("urlsMatch() needs the same port, as many host labels, matching globs and a path prefix", () => {
  assert.ok(urlsMatch("*.example.com", "registry.example.com/app"));
  assert.ok(!urlsMatch("*.example.com", "a.b.example.com/app"));
  assert.ok(urlsMatch("localhost:5000", "localhost:5000/app"));
  assert.ok(!urlsMatch("localhost:5000", "localhost:5001/app"));
  assert.ok(!urlsMatch("localhost", "localhost:5000/app"));
  assert.ok(urlsMatch("quay.io/coreos", "quay.io/coreos/etcd"));
  assert.ok(!urlsMatch("quay.io/coreos", "quay.io/other/etcd"));
});

test("credentialsFor() takes both secret types, the most specific key first, and `auth` over username/password", () => {
  const keyring = keyringOf([
    secret("json", "kubernetes.io/dockerconfigjson", ".dockerconfigjson", {
      auths: {
        "https://quay.io/v1/": { username: "broad", password: "1" },
        "quay.io/coreos": { auth: basic("narrow", "p:w"), username: "ignored" },
        "localhost:5000": { username: "local", password: "3" },
      },
    }),
    secret("cfg", "kubernetes.io/dockercfg", ".dockercfg", { "https://index.docker.io/v1/": { auth: basic("hub", "4") } }),
    secret("opaque", "Opaque", ".dockerconfigjson", { auths: { "localhost:5000": { username: "never" } } }),
  ]);
  assert.deepEqual(credentialsFor(keyring, "quay.io/coreos/etcd:v3"), [
    { username: "narrow", password: "p:w" },
    { username: "broad", password: "1" },
  ]);
  assert.deepEqual(credentialsFor(keyring, "localhost:5000/app:v1"), [{ username: "local", password: "3" }]);
  assert.deepEqual(credentialsFor(keyring, "busybox"), [{ username: "hub", password: "4" }]);
  assert.deepEqual(credentialsFor(keyring, "someone/app"), [{ username: "hub", password: "4" }]);
  assert.deepEqual(credentialsFor(keyring, "registry.k8s.io/pause:3.9"), []);
});

test("keyringOf() rejects a docker config secret that does not parse", () => {
  const broken = { apiVersion: "v1", kind: "Secret", metadata: { name: "bad" }, type: "kubernetes.io/dockerconfigjson", data: { ".dockerconfigjson": Buffer.from("{not json").toString("base64") } } as KubeObject;
  assert.throws(() => keyringOf([broken]), SyntaxError);
});
