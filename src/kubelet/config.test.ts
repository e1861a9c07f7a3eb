import assert from "node:assert/strict";
import { test } from "node:test";
import { DEFAULT_CONFIG, parseKubeletConfig } from "./config.js";
import { formatGoDuration, parseGoDuration } from "../machinery/duration.js";

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

test("parseKubeletConfig() reads the image GC and log rotation fields", () => {
  const result = parseKubeletConfig(`
imageGCHighThresholdPercent: 90
imageGCLowThresholdPercent: 70
imageMinimumGCAge: 0s
imageMaximumGCAge: 1h
serializeImagePulls: false
containerLogMaxSize: 2Ki
containerLogMaxFiles: 3
containerLogMonitorInterval: 3s
containerLogMaxWorkers: 2
`);
  assert.ok(result.ok);
  const { config } = result;
  assert.deepEqual(
    [config.imageGCHighThresholdPercent, config.imageGCLowThresholdPercent, config.imageMinimumGCAgeMs, config.imageMaximumGCAgeMs, config.serializeImagePulls],
    [90, 70, 0, 3_600_000, false],
  );
  assert.deepEqual([config.containerLogMaxSizeBytes, config.containerLogMaxFiles, config.containerLogMonitorIntervalMs, config.containerLogMaxWorkers], [2048, 3, 3000, 2]);
  assert.deepEqual(
    [DEFAULT_CONFIG.imageGCHighThresholdPercent, DEFAULT_CONFIG.imageGCLowThresholdPercent, DEFAULT_CONFIG.imageMinimumGCAgeMs, DEFAULT_CONFIG.imageMaximumGCAgeMs, DEFAULT_CONFIG.containerLogMaxSizeBytes, DEFAULT_CONFIG.containerLogMaxFiles],
    [85, 80, 120_000, 0, 10 * 1024 * 1024, 5],
  );
});

test("parseKubeletConfig() checks fields against each other in upstream's words", () => {
  assert.deepEqual(parseKubeletConfig("imageGCHighThresholdPercent: 50\nimageGCLowThresholdPercent: 50\nimageMinimumGCAge: 2m\nimageMaximumGCAge: 90s\ncontainerLogMonitorInterval: 1s\n"), {
    ok: false,
    errors: [
      "imageGCLowThresholdPercent (--image-gc-low-threshold) 50 must be less than imageGCHighThresholdPercent (--image-gc-high-threshold) 50",
      "imageMaximumGCAge 1m30s must be greater than imageMinimumGCAge 2m0s",
      "containerLogMonitorInterval must be a positive time duration greater than or equal to 3s",
    ],
  });
  assert.deepEqual(parseKubeletConfig("imageGCHighThresholdPercent: 101\ncontainerLogMaxFiles: 1\ncontainerLogMaxSize: lots\n"), {
    ok: false,
    errors: [
      "imageGCHighThresholdPercent must be a whole number from 0 to 100, not 101",
      "containerLogMaxFiles must be a whole number of at least 2, not 1",
      'containerLogMaxSize must be a size such as 10Mi, not "lots"',
    ],
  });
});

test("formatGoDuration() prints what Go's time.Duration prints", () => {
  assert.deepEqual([0, 523, 1000, 1200, 61_500, 3_600_000, 5_025_001].map(formatGoDuration), ["0s", "523ms", "1s", "1.2s", "1m1.5s", "1h0m0s", "1h23m45.001s"]);
});
