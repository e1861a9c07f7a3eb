/**
 * The kubelet's settings: a KubeletConfiguration file
 * (kubelet.config.k8s.io/v1beta1, `--kubelet-config`) with upstream's
 * field names, for the fields this kubelet supports. Unknown fields are
 * reported back so a typo does not pass silently; durations use Go's
 * syntax (`10s`, `1m0s`).
 */
import { parse as parseYaml } from "yaml";
import { parseGoDuration } from "../machinery/duration.js";

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
};

const DURATIONS = {
  nodeStatusUpdateFrequency: "nodeStatusUpdateFrequencyMs",
  nodeStatusReportFrequency: "nodeStatusReportFrequencyMs",
  fileCheckFrequency: "fileCheckFrequencyMs",
  syncFrequency: "syncFrequencyMs",
} as const;

export type ConfigResult = { ok: true; config: KubeletConfig } | { ok: false; errors: string[] };

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
  for (const [field, value] of Object.entries(document)) {
    if (field === "apiVersion") {
      if (value !== "kubelet.config.k8s.io/v1beta1") errors.push(`apiVersion must be kubelet.config.k8s.io/v1beta1, not ${JSON.stringify(value)}`);
    } else if (field === "kind") {
      if (value !== "KubeletConfiguration") errors.push(`kind must be KubeletConfiguration, not ${JSON.stringify(value)}`);
    } else if (field in DURATIONS) {
      const ms = typeof value === "string" ? parseGoDuration(value) : undefined;
      if (ms === undefined || ms <= 0) errors.push(`${field} must be a duration such as 10s, not ${JSON.stringify(value)}`);
      else config[DURATIONS[field as keyof typeof DURATIONS]] = ms;
    } else if (field === "maxPods" || field === "nodeLeaseDurationSeconds") {
      if (!Number.isInteger(value) || (value as number) < 1) errors.push(`${field} must be a positive whole number, not ${JSON.stringify(value)}`);
      else config[field] = value;
    } else if (field === "clusterDNS") {
      if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) errors.push("clusterDNS must be a list of addresses");
      else config[field] = value;
    } else if (field === "clusterDomain" || field === "podCIDR" || field === "resolvConf") {
      if (typeof value !== "string") errors.push(`${field} must be a string`);
      else config[field] = value;
    } else {
      errors.push(`unknown or unsupported field ${JSON.stringify(field)}`);
    }
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, config: config as unknown as KubeletConfig };
}
