import { test } from "node:test";
import assert from "node:assert/strict";
import { builtinKinds } from "../apis/index.js";
import { openSqliteBackend } from "../store/index.js";
import { ApiMetrics, DURATION_BUCKETS } from "./metrics.js";
import { Registry } from "./registry/index.js";
import { parseRequestInfo } from "./request-info.js";

const info = (method: string, path: string, query = "") => parseRequestInfo(method, path, new URLSearchParams(query));

test("requests are counted by verb, resource, scope and code, with latency buckets", async () => {
  const registry = new Registry(await openSqliteBackend({ path: ":memory:" }), builtinKinds);
  const metrics = new ApiMetrics();
  metrics.recordRequest(info("GET", "/api/v1/namespaces/default/pods"), "GET", 200, 0.003);
  metrics.recordRequest(info("GET", "/api/v1/namespaces/default/pods"), "GET", 200, 0.03);
  metrics.recordRequest(info("GET", "/apis/apps/v1/namespaces/default/deployments/web"), "GET", 404, 0.001);
  const text = await metrics.render(registry);
  assert.match(text, /^apiserver_request_total\{verb="LIST",group="",version="v1",resource="pods",subresource="",scope="namespace",component="apiserver",code="200"\} 2$/m);
  assert.match(text, /^apiserver_request_total\{verb="GET",group="apps",version="v1",resource="deployments",subresource="",scope="resource",component="apiserver",code="404"\} 1$/m);
  const labels = 'verb="LIST",group="",version="v1",resource="pods",subresource="",scope="namespace",component="apiserver"';
  assert.match(text, new RegExp(`^apiserver_request_duration_seconds_bucket\\{${labels},le="0.005"\\} 1$`, "m"));
  assert.match(text, new RegExp(`^apiserver_request_duration_seconds_bucket\\{${labels},le="0.05"\\} 2$`, "m"));
  assert.match(text, new RegExp(`^apiserver_request_duration_seconds_bucket\\{${labels},le="\\+Inf"\\} 2$`, "m"));
  assert.match(text, new RegExp(`^apiserver_request_duration_seconds_count\\{${labels}\\} 2$`, "m"));
  assert.equal(text.match(new RegExp(`apiserver_request_duration_seconds_bucket\\{${labels},`, "g"))?.length, DURATION_BUCKETS.length + 1);
});

test("watches count as long-running while open and stay out of the latency histogram", async () => {
  const registry = new Registry(await openSqliteBackend({ path: ":memory:" }), builtinKinds);
  const metrics = new ApiMetrics();
  const watch = info("GET", "/api/v1/pods", "watch=true");
  const done = metrics.watchStarted(watch, "GET");
  metrics.recordRequest(watch, "GET", 200, 120);
  assert.match(await metrics.render(registry), /^apiserver_longrunning_requests\{verb="WATCH",group="",version="v1",resource="pods",subresource="",scope="cluster",component="apiserver"\} 1$/m);
  done();
  const text = await metrics.render(registry);
  assert.match(text, /^apiserver_longrunning_requests\{verb="WATCH".*\} 0$/m);
  assert.doesNotMatch(text, /apiserver_request_duration_seconds_count\{verb="WATCH"/);
});

test("stored objects are counted once per resource, with process figures", async () => {
  const registry = new Registry(await openSqliteBackend({ path: ":memory:" }), builtinKinds);
  await registry.forKind("", "Namespace").create("", { apiVersion: "v1", kind: "Namespace", metadata: { name: "a" } }, { dryRun: false, fieldValidation: "Strict" });
  const text = await new ApiMetrics().render(registry);
  assert.match(text, /^apiserver_storage_objects\{resource="namespaces"\} 1$/m);
  assert.match(text, /^apiserver_storage_objects\{resource="horizontalpodautoscalers.autoscaling"\} 0$/m);
  assert.equal(text.match(/apiserver_storage_objects\{resource="events/g)?.length, 1, "events.k8s.io shares the core events' storage");
  assert.doesNotMatch(text, /selfsubjectaccessreviews/);
  assert.match(text, /^process_resident_memory_bytes \d+$/m);
  assert.match(text, /^process_start_time_seconds [\d.]+$/m);
});
