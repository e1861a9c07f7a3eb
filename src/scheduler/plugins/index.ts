/**
 * The plugin registry: every plugin mini knows, by the name profiles use.
 * An explicit map, not self-registration, so the set is visible in one place.
 */
import type { PluginHandle, SchedulerPlugin } from "../framework/index.js";
import { IMAGE_LOCALITY, newImageLocality } from "./image-locality/index.js";
import { INTER_POD_AFFINITY, newInterPodAffinity } from "./inter-pod-affinity/index.js";
import { newNodeAffinity, NODE_AFFINITY } from "./node-affinity/index.js";
import { newNodeName, NODE_NAME } from "./node-name/index.js";
import { newNodePorts, NODE_PORTS } from "./node-ports/index.js";
import { newNodeResourcesBalancedAllocation, NODE_RESOURCES_BALANCED_ALLOCATION } from "./node-resources-balanced-allocation/index.js";
import { newNodeResourcesFit, NODE_RESOURCES_FIT } from "./node-resources-fit/index.js";
import { newNodeUnschedulable, NODE_UNSCHEDULABLE } from "./node-unschedulable/index.js";
import { newPodTopologySpread, POD_TOPOLOGY_SPREAD } from "./pod-topology-spread/index.js";
import { newTaintToleration, TAINT_TOLERATION } from "./taint-toleration/index.js";
import { newVolumeBinding, VOLUME_BINDING } from "./volume-binding/index.js";

export const PLUGIN_REGISTRY = {
  [NODE_UNSCHEDULABLE]: newNodeUnschedulable,
  [NODE_NAME]: newNodeName,
  [TAINT_TOLERATION]: newTaintToleration,
  [NODE_AFFINITY]: newNodeAffinity,
  [NODE_PORTS]: newNodePorts,
  [NODE_RESOURCES_FIT]: newNodeResourcesFit,
  [POD_TOPOLOGY_SPREAD]: newPodTopologySpread,
  [INTER_POD_AFFINITY]: newInterPodAffinity,
  [NODE_RESOURCES_BALANCED_ALLOCATION]: newNodeResourcesBalancedAllocation,
  [IMAGE_LOCALITY]: newImageLocality,
  [VOLUME_BINDING]: (handle: PluginHandle) => newVolumeBinding(handle),
} as const satisfies Record<string, (handle: PluginHandle) => SchedulerPlugin>;

export type PluginName = keyof typeof PLUGIN_REGISTRY;
