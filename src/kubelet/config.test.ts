import assert from "node:assert/strict";
import { test } from "node:test";
import { DEFAULT_CONFIG, parseKubeletConfig } from "./config.js";
import { parseGoDuration } from "../machinery/duration.js";

test("parseKubeletConfig() reads upstream's field names over the defaults", () => {
  const result = parseKubeletConfig(`
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
nodeStatusUpdateFrequency: 5s
fileCheckFrequency: 1m0s
maxPods: 50
clusterDNS: [10.96.0.10]
clusterDomain: example.local
`);
  assert.ok(result.ok);
  assert.equal(result.config.nodeStatusUpdateFrequencyMs, 5000);
  assert.equal(result.config.fileCheckFrequencyMs, 60_000);
  assert.equal(result.config.maxPods, 50);
  assert.deepEqual(result.config.clusterDNS, ["10.96.0.10"]);
  assert.equal(result.config.clusterDomain, "example.local");
  assert.equal(result.config.syncFrequencyMs, DEFAULT_CONFIG.syncFrequencyMs);
});

test("parseKubeletConfig() reports unknown fields and bad values instead of ignoring them", () => {
  const result = parseKubeletConfig("kind: Other\nmaxPods: -1\nsyncFrequency: soon\nevictionHard: {}\n");
  assert.deepEqual(result, {
    ok: false,
    errors: [
      'kind must be KubeletConfiguration, not "Other"',
      "maxPods must be a positive whole number, not -1",
      'syncFrequency must be a duration such as 10s, not "soon"',
      'unknown or unsupported field "evictionHard"',
    ],
  });
  assert.deepEqual(parseKubeletConfig(""), { ok: true, config: DEFAULT_CONFIG });
});

test("parseGoDuration() reads Go's duration syntax", () => {
  assert.equal(parseGoDuration("1m0s"), 60_000);
  assert.equal(parseGoDuration("1h30m"), 5_400_000);
  assert.equal(parseGoDuration("1.5s"), 1500);
  assert.equal(parseGoDuration("250ms"), 250);
  assert.equal(parseGoDuration("10"), undefined);
  assert.equal(parseGoDuration("5 s"), undefined);
});
