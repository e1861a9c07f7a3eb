/**
 * Simulated nodes (`mini up --fake-nodes N`): nodes that exist only as API
 * objects, kept alive and running their pods by a kwok-style stage engine,
 * so the whole control plane works — and can be load-tested — on any
 * machine without containers.
 */
import type { KubeObject } from "../apis/types.js";
import type { Informer } from "../client/index.js";
import type { ControllerContext } from "../controllers/index.js";
import { startStageEngine, type StageEngine } from "./engine.js";
import type { StageEnvironment } from "./functions.js";
import { IpPool } from "./ip-pool.js";
import { parseCidr, type Cidr } from "./ipv4.js";
import { startNodeLeases } from "./lease.js";
import { loadStages } from "./load.js";
import { createFakeNodes, type FakeNodesResult } from "./nodes.js";
import { fakeOwnership, isFake, nodeNameOf } from "./ownership.js";
import type { Stage } from "./stage.js";
import { defaultStages } from "./stages/index.js";

export { createFakeNodes, type FakeNodeOptions, type FakeNodesResult } from "./nodes.js";
export { loadStages, type LoadResult } from "./load.js";
export { DEFAULT_STAGES_TEXT } from "./stages/index.js";
export { FAKE_ANNOTATION, FAKE_LABEL } from "./ownership.js";
export { EXIT_CODE_ANNOTATION, EXIT_CODE_ENV } from "./functions.js";

export interface FakeNodesOptions {
  readonly count: number;
  /** Per node. @default "4" */
  readonly cpu?: string;
  /** Per node. @default "8Gi" */
  readonly memory?: string;
  /** Pods per node. @default 110 */
  readonly pods?: number;
  /** A stage file's text (`--stages`): replaces the default stages. */
  readonly stagesText?: string;
  /** How long a Job's pod runs on a fake node (default stages only). @default 5000 */
  readonly jobCompletionMs?: number;
  /** How often node leases are renewed. @default 10_000 */
  readonly leaseRenewMs?: number;
}

export type StartFakeNodesResult =
  | { readonly ok: true; readonly engine: StageEngine; readonly nodes: Promise<FakeNodesResult> }
  | { readonly ok: false; readonly errors: readonly string[] };

/** Where pods of a fake node without a podCIDR get addresses; fake nodes of --fake-nodes start at 10.244.1.0/24. */
const FALLBACK_POD_CIDR = parseCidr("10.244.0.0/24") as Cidr;
/** kwok's choice for a node without addresses: one shared, made-up IP. */
const FALLBACK_NODE_IP = "10.0.0.1";
const POD = { apiGroup: "", kind: "Pod" } as const;
const BY_NODE = "mini.dev/fake-pods-by-node";

/**
 * Starts the stage engine and the node leases, and creates the fake nodes.
 * Call it among the controller starters, before the informer factory
 * starts. A stage file that does not load is returned as errors and
 * nothing starts; `nodes` settles once the nodes exist.
 */
export function startFakeNodes(context: ControllerContext, options: FakeNodesOptions): StartFakeNodesResult {
  let stages: readonly Stage[];
  if (options.stagesText === undefined) {
    stages = defaultStages(options.jobCompletionMs === undefined ? {} : { jobCompletionMs: options.jobCompletionMs });
  } else {
    const loaded = loadStages(options.stagesText);
    if (!loaded.ok) return loaded;
    stages = loaded.stages;
  }
  const nodes = context.informers.forKind("", "Node");
  const pods = context.informers.forKind("", "Pod");
  const ips = new IpPool();
  const nodeIP = (name: string): string => {
    const addresses = (nodes.get("", name)?.status as { addresses?: { type?: string; address?: string }[] } | undefined)?.addresses;
    return addresses?.find((a) => a.type === "InternalIP")?.address ?? FALLBACK_NODE_IP;
  };
  const env: StageEnvironment = {
    now: () => new Date(),
    nodeIP,
    podIP: (pod) => {
      const nodeName = nodeNameOf(pod);
      if ((pod.spec as { hostNetwork?: boolean } | undefined)?.hostNetwork) return nodeIP(nodeName);
      const podCIDR = (nodes.get("", nodeName)?.spec as { podCIDR?: string } | undefined)?.podCIDR;
      return ips.allocate(parseCidr(podCIDR ?? "") ?? FALLBACK_POD_CIDR, pod.metadata.uid ?? "");
    },
  };
  const started = startStageEngine(context, { stages, belongs: fakeOwnership(nodes), env });
  if (!started.ok) return started;
  const { engine } = started;

  trackPodIPs(pods, ips);
  // A pod seen before its node, or on a node that just became (or stopped being) fake, is looked at again.
  pods.addIndex(BY_NODE, (pod) => [nodeNameOf(pod)].filter((name) => name !== ""));
  const revisitPods = (node: KubeObject): void => {
    if (!engine.handles(POD)) return;
    for (const pod of pods.byIndex(BY_NODE, node.metadata.name ?? "")) {
      engine.enqueue(POD, `${pod.metadata.namespace ?? ""}/${pod.metadata.name ?? ""}`);
    }
  };
  nodes.addHandlers({
    onAdd: revisitPods,
    onUpdate: (old, node) => {
      if (isFake(old) !== isFake(node)) revisitPods(node);
    },
  });
  startNodeLeases(context, { nodes, ...(options.leaseRenewMs === undefined ? {} : { renewMs: options.leaseRenewMs }) });

  const created = createFakeNodes(context.client, {
    count: options.count,
    ...(options.cpu === undefined ? {} : { cpu: options.cpu }),
    ...(options.memory === undefined ? {} : { memory: options.memory }),
    ...(options.pods === undefined ? {} : { pods: options.pods }),
  });
  void created.then((result) => {
    if (!result.ok) context.log.error("fake nodes not created", { error: result.error });
    else context.log.info("fake nodes ready", { created: result.created.length, adopted: result.adopted.length, removed: result.removed.length });
  });
  return { ok: true, engine, nodes: created };
}

/** Addresses pods already hold are taken (so a restart reuses none); a deleted pod's address is free again. */
function trackPodIPs(pods: Informer, ips: IpPool): void {
  const reserve = (pod: KubeObject): void => {
    const hostNetwork = (pod.spec as { hostNetwork?: boolean } | undefined)?.hostNetwork === true;
    const podIP = (pod.status as { podIP?: string } | undefined)?.podIP;
    if (podIP && !hostNetwork && nodeNameOf(pod)) ips.reserve(podIP, pod.metadata.uid ?? "");
  };
  pods.addHandlers({
    onAdd: reserve,
    onUpdate: (_old, pod) => reserve(pod),
    onDelete: (pod) => ips.release(pod.metadata.uid ?? ""),
  });
}
