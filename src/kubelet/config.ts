/**
 * The kubelet's settings: a KubeletConfiguration file
 * (kubelet.config.k8s.io/v1beta1, `--kubelet-config`) with upstream's
 * field names, for the fields this kubelet supports. Unknown fields are
 * reported back so a typo does not pass silently; durations use Go's
 * syntax (`10s`, `1m0s`), sizes are quantities (`10Mi`). Checks across
 * fields use upstream's wording (pkg/kubelet/apis/config/validation).
 */
import { parse as parseYaml } from "yaml";
import { parseQuantity } from "../apis/common/quantity.js";
import { formatGoDuration, parseGoDuration } from "../machinery/duration.js";

export interface KubeletConfig {
  /** How often the node's status is computed and written when it changed. */
  readonly nodeStatusUpdateFrequencyMs: number;
  /** How often the status is written even when unchanged (refreshing lastHeartbeatTime). */
  readonly nodeStatusReportFrequencyMs: number;
  /** How often mounted ConfigMaps and Secrets are re-read into their volumes. */
  readonly fileCheckFrequencyMs: number;
  /** How often every pod is synced even without a change. */
  readonly syncFrequencyMs: number;
  readonly maxPods: number;
  readonly clusterDNS: readonly string[];
  readonly clusterDomain: string;
  /** The node's pod range; when empty the kubelet picks one. */
  readonly podCIDR: string;
  readonly resolvConf: string;
  readonly nodeLeaseDurationSeconds: number;
  /** First crash-loop back-off (upstream fixes 10 s; tests shorten it). */
  readonly crashLoopBackOffMs: number;
  readonly crashLoopBackOffMaxMs: number;
  /** Pull one image at a time (upstream's default), so a pull's "including waiting" time counts the queue. */
  readonly serializeImagePulls: boolean;
  /** Image GC runs while the image filesystem is at least this full (percent)… */
  readonly imageGCHighThresholdPercent: number;
  /** …and frees space until it is below this. */
  readonly imageGCLowThresholdPercent: number;
  /** An image younger than this (since first seen) is never removed for space. */
  readonly imageMinimumGCAgeMs: number;
  /** An image unused for longer than this is removed whatever the disk usage; 0 turns this off. */
  readonly imageMaximumGCAgeMs: number;
  /** A running container's log is rotated once it reaches this many bytes. */
  readonly containerLogMaxSizeBytes: number;
  /** Log files kept per container, the current one included. */
  readonly containerLogMaxFiles: number;
  /** How often the log sizes are checked. */
  readonly containerLogMonitorIntervalMs: number;
  /** Containers whose logs are rotated at once. */
  readonly containerLogMaxWorkers: number;
}

export const DEFAULT_CONFIG: KubeletConfig = {
  nodeStatusUpdateFrequencyMs: 10_000,
  nodeStatusReportFrequencyMs: 300_000,
  fileCheckFrequencyMs: 10_000,
  syncFrequencyMs: 60_000,
  maxPods: 110,
  clusterDNS: [],
  clusterDomain: "cluster.local",
  podCIDR: "",
  resolvConf: "/etc/resolv.conf",
  nodeLeaseDurationSeconds: 40,
  crashLoopBackOffMs: 10_000,
  crashLoopBackOffMaxMs: 300_000,
  serializeImagePulls: true,
  imageGCHighThresholdPercent: 85,
  imageGCLowThresholdPercent: 80,
  imageMinimumGCAgeMs: 120_000,
  imageMaximumGCAgeMs: 0,
  containerLogMaxSizeBytes: 10 * 1024 * 1024,
  containerLogMaxFiles: 5,
  containerLogMonitorIntervalMs: 10_000,
  containerLogMaxWorkers: 1,
};

type Field =
  | { kind: "duration"; to: keyof KubeletConfig; zero?: boolean }
  | { kind: "count"; to: keyof KubeletConfig; min: number; max?: number }
  | { kind: "string"; to: keyof KubeletConfig }
  | { kind: "strings"; to: keyof KubeletConfig }
  | { kind: "boolean"; to: keyof KubeletConfig }
  | { kind: "size"; to: keyof KubeletConfig };

/** The file's fields, by upstream name, and where each lands. */
const FIELDS: Readonly<Record<string, Field>> = {
  nodeStatusUpdateFrequency: { kind: "duration", to: "nodeStatusUpdateFrequencyMs" },
  nodeStatusReportFrequency: { kind: "duration", to: "nodeStatusReportFrequencyMs" },
  fileCheckFrequency: { kind: "duration", to: "fileCheckFrequencyMs" },
  syncFrequency: { kind: "duration", to: "syncFrequencyMs" },
  maxPods: { kind: "count", to: "maxPods", min: 1 },
  nodeLeaseDurationSeconds: { kind: "count", to: "nodeLeaseDurationSeconds", min: 1 },
  clusterDNS: { kind: "strings", to: "clusterDNS" },
  clusterDomain: { kind: "string", to: "clusterDomain" },
  podCIDR: { kind: "string", to: "podCIDR" },
  resolvConf: { kind: "string", to: "resolvConf" },
  serializeImagePulls: { kind: "boolean", to: "serializeImagePulls" },
  imageGCHighThresholdPercent: { kind: "count", to: "imageGCHighThresholdPercent", min: 0, max: 100 },
  imageGCLowThresholdPercent: { kind: "count", to: "imageGCLowThresholdPercent", min: 0, max: 100 },
  imageMinimumGCAge: { kind: "duration", to: "imageMinimumGCAgeMs", zero: true },
  imageMaximumGCAge: { kind: "duration", to: "imageMaximumGCAgeMs", zero: true },
  containerLogMaxSize: { kind: "size", to: "containerLogMaxSizeBytes" },
  containerLogMaxFiles: { kind: "count", to: "containerLogMaxFiles", min: 2 },
  containerLogMonitorInterval: { kind: "duration", to: "containerLogMonitorIntervalMs" },
  containerLogMaxWorkers: { kind: "count", to: "containerLogMaxWorkers", min: 1 },
};

export type ConfigResult = { ok: true; config: KubeletConfig } | { ok: false; errors: string[] };

/** The value for a field, or the error that says why it is not one. */
function read(name: string, field: Field, value: unknown): { value: unknown } | { error: string } {
  switch (field.kind) {
    case "duration": {
      const ms = typeof value === "string" ? parseGoDuration(value) : undefined;
      if (ms === undefined || ms < 0 || (ms === 0 && field.zero !== true)) return { error: `${name} must be a duration such as 10s, not ${JSON.stringify(value)}` };
      return { value: ms };
    }
    case "count": {
      const ok = Number.isInteger(value) && (value as number) >= field.min && (field.max === undefined || (value as number) <= field.max);
      if (ok) return { value };
      const range = field.max === undefined ? (field.min === 1 ? "a positive whole number" : `a whole number of at least ${field.min}`) : `a whole number from ${field.min} to ${field.max}`;
      return { error: `${name} must be ${range}, not ${JSON.stringify(value)}` };
    }
    case "string":
      return typeof value === "string" ? { value } : { error: `${name} must be a string` };
    case "strings":
      return Array.isArray(value) && value.every((v) => typeof v === "string") ? { value } : { error: `${name} must be a list of addresses` };
    case "boolean":
      return typeof value === "boolean" ? { value } : { error: `${name} must be true or false` };
    case "size": {
      const bytes = parseQuantity(value);
      return bytes !== undefined && bytes > 0 && Number.isInteger(bytes) ? { value: bytes } : { error: `${name} must be a size such as 10Mi, not ${JSON.stringify(value)}` };
    }
    default:
      return field satisfies never;
  }
}

/** Upstream's checks that involve more than one field. */
function crossFieldErrors(config: KubeletConfig): string[] {
  const errors: string[] = [];
  if (config.imageGCLowThresholdPercent >= config.imageGCHighThresholdPercent) {
    errors.push(`imageGCLowThresholdPercent (--image-gc-low-threshold) ${config.imageGCLowThresholdPercent} must be less than imageGCHighThresholdPercent (--image-gc-high-threshold) ${config.imageGCHighThresholdPercent}`);
  }
  if (config.imageMaximumGCAgeMs > 0 && config.imageMaximumGCAgeMs <= config.imageMinimumGCAgeMs) {
    errors.push(`imageMaximumGCAge ${formatGoDuration(config.imageMaximumGCAgeMs)} must be greater than imageMinimumGCAge ${formatGoDuration(config.imageMinimumGCAgeMs)}`);
  }
  if (config.containerLogMonitorIntervalMs < 3000) errors.push("containerLogMonitorInterval must be a positive time duration greater than or equal to 3s");
  return errors;
}

/** Parses a KubeletConfiguration document (YAML or JSON) over the defaults. */
export function parseKubeletConfig(text: string): ConfigResult {
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch (error: unknown) {
    return { ok: false, errors: [`not YAML: ${error instanceof Error ? error.message : String(error)}`] };
  }
  if (document === null || document === undefined) return { ok: true, config: DEFAULT_CONFIG };
  if (typeof document !== "object" || Array.isArray(document)) return { ok: false, errors: ["a KubeletConfiguration must be a mapping"] };
  const errors: string[] = [];
  const config: Record<string, unknown> = { ...DEFAULT_CONFIG };
  for (const [name, value] of Object.entries(document)) {
    if (name === "apiVersion") {
      if (value !== "kubelet.config.k8s.io/v1beta1") errors.push(`apiVersion must be kubelet.config.k8s.io/v1beta1, not ${JSON.stringify(value)}`);
      continue;
    }
    if (name === "kind") {
      if (value !== "KubeletConfiguration") errors.push(`kind must be KubeletConfiguration, not ${JSON.stringify(value)}`);
      continue;
    }
    const field = FIELDS[name];
    if (field === undefined) {
      errors.push(`unknown or unsupported field ${JSON.stringify(name)}`);
      continue;
    }
    const outcome = read(name, field, value);
    if ("error" in outcome) errors.push(outcome.error);
    else config[field.to] = outcome.value;
  }
  if (errors.length > 0) return { ok: false, errors };
  const parsed = config as unknown as KubeletConfig;
  const crossErrors = crossFieldErrors(parsed);
  return crossErrors.length > 0 ? { ok: false, errors: crossErrors } : { ok: true, config: parsed };
}
