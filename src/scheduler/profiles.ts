/**
 * Scheduling profiles: a pod is scheduled by the profile named in its
 * spec.schedulerName, with that profile's plugins and weights. The default
 * profile is upstream's default plugin set (of the volume plugins, only
 * VolumeBinding: mini has no zones or attach limits to check).
 */
import { Framework, type PluginHandle } from "./framework/index.js";
import { PLUGIN_REGISTRY, type PluginName } from "./plugins/index.js";

export interface PluginSetting {
  readonly name: PluginName;
  /** Weight of the plugin's score. @default 1 */
  readonly weight?: number;
}

export interface ProfileConfig {
  readonly schedulerName: string;
  /** In order: filters run in this order and stop at the first rejection. */
  readonly plugins: readonly PluginSetting[];
  /** @default 0 (adaptive, as upstream) */
  readonly percentageOfNodesToScore?: number;
}

export const DEFAULT_SCHEDULER_NAME = "default-scheduler";

export const DEFAULT_PLUGINS: readonly PluginSetting[] = [
  { name: "NodeUnschedulable" },
  { name: "NodeName" },
  { name: "TaintToleration", weight: 3 },
  { name: "NodeAffinity", weight: 2 },
  { name: "NodePorts" },
  { name: "NodeResourcesFit", weight: 1 },
  { name: "VolumeBinding" },
  { name: "PodTopologySpread", weight: 2 },
  { name: "InterPodAffinity", weight: 2 },
  { name: "NodeResourcesBalancedAllocation", weight: 1 },
  { name: "ImageLocality", weight: 1 },
];

export const DEFAULT_PROFILE: ProfileConfig = { schedulerName: DEFAULT_SCHEDULER_NAME, plugins: DEFAULT_PLUGINS };

const NOTHING: PluginHandle["claims"] = { get: () => undefined, list: () => [] };

/** A handle onto an empty cluster, for frameworks built without informers (tests). */
export const EMPTY_HANDLE: PluginHandle = {
  claims: NOTHING,
  volumes: NOTHING,
  storageClasses: NOTHING,
  updateClaim: () => Promise.reject(new Error("No API client in this scheduler")),
};

/** One framework per scheduler name; each gets its own plugin instances. */
export function buildProfiles(configs: readonly ProfileConfig[] = [DEFAULT_PROFILE], handle: PluginHandle = EMPTY_HANDLE): Map<string, Framework> {
  const profiles = new Map<string, Framework>();
  for (const config of configs) {
    if (profiles.has(config.schedulerName)) throw new Error(`Duplicate scheduler profile ${config.schedulerName}`);
    const plugins = config.plugins.map((p) => ({ plugin: PLUGIN_REGISTRY[p.name](handle), weight: p.weight ?? 1 }));
    profiles.set(
      config.schedulerName,
      new Framework({
        schedulerName: config.schedulerName,
        plugins,
        ...(config.percentageOfNodesToScore !== undefined ? { percentageOfNodesToScore: config.percentageOfNodesToScore } : {}),
      }),
    );
  }
  return profiles;
}
