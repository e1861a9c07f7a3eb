/**
 * `/metrics` in the Prometheus text format (0.0.4), with kube-apiserver's
 * metric names and labels: request counts and latencies by verb and
 * resource, watches in flight, stored objects per resource, and the usual
 * process figures. Recording is a Map lookup by a label key per request;
 * the text is built only when scraped.
 */
import type { KindDefinition } from "../apis/types.js";
import { isCreateOnly } from "../apis/create-only.js";
import type { RequestInfo } from "./request-info.js";
import type { Registry } from "./registry/index.js";

/** kube-apiserver's apiserver_request_duration_seconds buckets. */
export const DURATION_BUCKETS = [0.005, 0.025, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1, 1.25, 1.5, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 45, 60] as const;

const REQUEST_LABELS = ["verb", "group", "version", "resource", "subresource", "scope", "component"] as const;
const SEPARATOR = "\u0000";
const COMPONENT = "apiserver";

/** Upstream's verb label: the HTTP-ish verb, with LIST and WATCH told apart from GET. */
const VERB_LABELS: Readonly<Record<string, string>> = {
  get: "GET",
  list: "LIST",
  watch: "WATCH",
  create: "POST",
  update: "PUT",
  patch: "PATCH",
  delete: "DELETE",
  deletecollection: "DELETE",
};

interface Histogram {
  readonly buckets: number[];
  sum: number;
  count: number;
}

function requestKey(info: RequestInfo, method: string): string {
  if (!info.isResourceRequest) return [method.toUpperCase(), "", "", "", "", "", COMPONENT].join(SEPARATOR);
  const scope = info.name ? "resource" : info.namespace ? "namespace" : "cluster";
  return [VERB_LABELS[info.verb] ?? info.verb.toUpperCase(), info.group, info.version, info.resource, info.subresource, scope, COMPONENT].join(SEPARATOR);
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
}

function labelText(names: readonly string[], values: readonly string[]): string {
  return names.map((name, index) => `${name}="${escapeLabel(values[index] ?? "")}"`).join(",");
}

function storedResourceName(kind: KindDefinition): string {
  return kind.group ? `${kind.plural}.${kind.group}` : kind.plural;
}

export class ApiMetrics {
  readonly #requests = new Map<string, number>();
  readonly #durations = new Map<string, Histogram>();
  readonly #longRunning = new Map<string, number>();
  readonly #startTime = Date.now() / 1000 - process.uptime();

  /** Counts a finished request; watches are counted when they start and end (`watchStarted`). */
  recordRequest(info: RequestInfo, method: string, code: number, seconds: number): void {
    const key = requestKey(info, method);
    const counted = `${key}${SEPARATOR}${code}`;
    this.#requests.set(counted, (this.#requests.get(counted) ?? 0) + 1);
    // Watches last as long as the client keeps them: their duration says nothing about latency.
    if (info.isResourceRequest && info.verb === "watch") return;
    let histogram = this.#durations.get(key);
    if (!histogram) {
      histogram = { buckets: new Array<number>(DURATION_BUCKETS.length).fill(0), sum: 0, count: 0 };
      this.#durations.set(key, histogram);
    }
    const index = DURATION_BUCKETS.findIndex((bound) => seconds <= bound);
    if (index >= 0) histogram.buckets[index] = (histogram.buckets[index] ?? 0) + 1;
    histogram.sum += seconds;
    histogram.count += 1;
  }

  /** A watch is in flight until the returned function is called. */
  watchStarted(info: RequestInfo, method: string): () => void {
    const key = requestKey(info, method);
    this.#longRunning.set(key, (this.#longRunning.get(key) ?? 0) + 1);
    return () => this.#longRunning.set(key, (this.#longRunning.get(key) ?? 1) - 1);
  }

  async render(registry: Registry): Promise<string> {
    const lines: string[] = [];
    lines.push("# HELP apiserver_request_total Counter of apiserver requests broken out for each verb, group, version, resource, scope, component, and HTTP response code.");
    lines.push("# TYPE apiserver_request_total counter");
    for (const [key, count] of this.#requests) {
      const values = key.split(SEPARATOR);
      lines.push(`apiserver_request_total{${labelText([...REQUEST_LABELS, "code"], values)}} ${count}`);
    }
    lines.push("# HELP apiserver_request_duration_seconds Response latency distribution in seconds for each verb, group, version, resource, subresource, scope and component.");
    lines.push("# TYPE apiserver_request_duration_seconds histogram");
    for (const [key, histogram] of this.#durations) {
      const labels = labelText(REQUEST_LABELS, key.split(SEPARATOR));
      let cumulative = 0;
      DURATION_BUCKETS.forEach((bound, index) => {
        cumulative += histogram.buckets[index] ?? 0;
        lines.push(`apiserver_request_duration_seconds_bucket{${labels},le="${bound}"} ${cumulative}`);
      });
      lines.push(`apiserver_request_duration_seconds_bucket{${labels},le="+Inf"} ${histogram.count}`);
      lines.push(`apiserver_request_duration_seconds_sum{${labels}} ${histogram.sum}`);
      lines.push(`apiserver_request_duration_seconds_count{${labels}} ${histogram.count}`);
    }
    lines.push("# HELP apiserver_longrunning_requests Gauge of all active long-running apiserver requests broken out by verb, group, version, resource, scope and component.");
    lines.push("# TYPE apiserver_longrunning_requests gauge");
    for (const [key, count] of this.#longRunning) lines.push(`apiserver_longrunning_requests{${labelText(REQUEST_LABELS, key.split(SEPARATOR))}} ${count}`);
    lines.push("# HELP apiserver_storage_objects Number of stored objects at the time of last check split by kind.");
    lines.push("# TYPE apiserver_storage_objects gauge");
    for (const [resource, count] of await storedObjectCounts(registry)) lines.push(`apiserver_storage_objects{resource="${escapeLabel(resource)}"} ${count}`);
    const memory = process.memoryUsage();
    const cpu = process.cpuUsage();
    lines.push("# HELP process_cpu_seconds_total Total user and system CPU time spent in seconds.");
    lines.push("# TYPE process_cpu_seconds_total counter");
    lines.push(`process_cpu_seconds_total ${(cpu.user + cpu.system) / 1e6}`);
    lines.push("# HELP process_resident_memory_bytes Resident memory size in bytes.");
    lines.push("# TYPE process_resident_memory_bytes gauge");
    lines.push(`process_resident_memory_bytes ${memory.rss}`);
    lines.push("# HELP process_start_time_seconds Start time of the process since unix epoch in seconds.");
    lines.push("# TYPE process_start_time_seconds gauge");
    lines.push(`process_start_time_seconds ${this.#startTime}`);
    lines.push("# HELP nodejs_heap_size_used_bytes Size of the V8 heap in use, in bytes (the Node.js counterpart of go_memstats_heap_inuse_bytes).");
    lines.push("# TYPE nodejs_heap_size_used_bytes gauge");
    lines.push(`nodejs_heap_size_used_bytes ${memory.heapUsed}`);
    return `${lines.join("\n")}\n`;
  }
}

/** Objects per stored resource; versions served from another's storage and create-only kinds store nothing of their own. */
async function storedObjectCounts(registry: Registry): Promise<[string, number][]> {
  const counted = new Map<string, number>();
  const prefixes = new Set<string>();
  for (const kind of registry.kinds()) {
    if (isCreateOnly(kind)) continue;
    const store = registry.lookup(kind.group, kind.version, kind.plural);
    if (!store) continue;
    const prefix = store.prefix("");
    if (prefixes.has(prefix)) continue;
    prefixes.add(prefix);
    counted.set(storedResourceName(kind), await registry.backend.count(prefix));
  }
  return [...counted];
}

export const METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
