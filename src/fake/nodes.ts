/**
 * The nodes `--fake-nodes N` asks for: `mini-fake-1…N`, each with its own
 * pod range and address, the capacity given by flags, and the fake
 * annotation that hands them to the stage engine. On a restart the nodes
 * already stored are adopted (brought in line with the flags), and fake
 * nodes of an earlier, larger count are removed: the count is the desired
 * state. Conditions are not set here: the node-initialize stage reports the
 * node Ready, as a kubelet does once it is up.
 */
import { createHash } from "node:crypto";
import type { KubeObject } from "../apis/types.js";
import { parseQuantity } from "../apis/common/quantity.js";
import type { Client } from "../client/index.js";
import { ApiError } from "../machinery/status.js";
import { formatCidr, formatIPv4 } from "./ipv4.js";
import { FAKE_ANNOTATION, FAKE_LABEL } from "./ownership.js";
import { cloneJson } from "../machinery/clone.js";

export interface FakeNodeOptions {
  readonly count: number;
  /** @default "4" */
  readonly cpu?: string;
  /** @default "8Gi" */
  readonly memory?: string;
  /** @default 110 */
  readonly pods?: number;
  /** @default "100Gi" */
  readonly ephemeralStorage?: string;
  /** @default "mini-fake-" */
  readonly namePrefix?: string;
}

export type FakeNodesResult =
  | { readonly ok: true; readonly created: readonly string[]; readonly adopted: readonly string[]; readonly removed: readonly string[] }
  | { readonly ok: false; readonly error: string };

export const KUBELET_VERSION = "v1.32.0-mini";
export const RUNTIME_VERSION = "fake://mini";

/** Node i gets pod range i; 10.244/16 holds 256 of them, so later ones continue upwards, then from 10.128/16. */
const POD_RANGES = [
  { first: (10 << 24) + (244 << 16), blocks: 12 * 256 },
  { first: (10 << 24) + (128 << 16), blocks: 116 * 256 },
] as const;
/** Node IPs are 10.0.<i>.1 and continue through 10.127.255.1, below the pod ranges. */
export const MAX_FAKE_NODES = 128 * 256 - 1;

export function podCIDRFor(index: number): string {
  const [low, high] = POD_RANGES;
  const base = index < low.blocks ? low.first + index * 256 : high.first + (index - low.blocks) * 256;
  return formatCidr({ base, prefixLength: 24, size: 256 });
}

export function nodeIPFor(index: number): string {
  return formatIPv4((10 << 24) + index * 256 + 1);
}

/** Go's names for the architectures Node reports. */
export function goArch(arch: string = process.arch): string {
  const names: Record<string, string> = { x64: "amd64", ia32: "386", arm64: "arm64", arm: "arm", ppc64: "ppc64le", s390x: "s390x" };
  return names[arch] ?? arch;
}

function hex(seed: string, length: number): string {
  return createHash("sha256").update(seed).digest("hex").slice(0, length);
}

/** A UUID-shaped identifier derived from the node name, so a node reports the same IDs across restarts. */
function stableId(seed: string): string {
  const h = hex(seed, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export function fakeNode(index: number, options: FakeNodeOptions): KubeObject {
  const name = `${options.namePrefix ?? "mini-fake-"}${index}`;
  const arch = goArch();
  const resources = {
    cpu: options.cpu ?? "4",
    memory: options.memory ?? "8Gi",
    pods: String(options.pods ?? 110),
    "ephemeral-storage": options.ephemeralStorage ?? "100Gi",
  };
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: {
      name,
      annotations: { [FAKE_ANNOTATION]: "true" },
      labels: {
        "kubernetes.io/hostname": name,
        "kubernetes.io/os": "linux",
        "kubernetes.io/arch": arch,
        "node.kubernetes.io/instance-type": "mini-fake",
        [FAKE_LABEL]: "true",
      },
    },
    spec: { podCIDR: podCIDRFor(index), podCIDRs: [podCIDRFor(index)] },
    status: {
      capacity: resources,
      allocatable: { ...resources },
      addresses: [
        { type: "InternalIP", address: nodeIPFor(index) },
        { type: "Hostname", address: name },
      ],
      nodeInfo: {
        architecture: arch,
        bootID: stableId(`${name}/boot`),
        containerRuntimeVersion: RUNTIME_VERSION,
        kernelVersion: "mini-fake",
        kubeProxyVersion: "",
        kubeletVersion: KUBELET_VERSION,
        machineID: hex(`${name}/machine`, 32),
        operatingSystem: "linux",
        osImage: "mini fake node",
        systemUUID: stableId(`${name}/system`),
      },
    },
  };
}

function checkOptions(options: FakeNodeOptions): string | undefined {
  if (!Number.isInteger(options.count) || options.count < 0 || options.count > MAX_FAKE_NODES) {
    return `the number of fake nodes must be a whole number from 0 to ${MAX_FAKE_NODES}, got ${options.count}`;
  }
  for (const [flag, value] of [["cpu", options.cpu], ["memory", options.memory], ["ephemeral storage", options.ephemeralStorage]] as const) {
    const quantity = value === undefined ? 0 : parseQuantity(value);
    if (quantity === undefined || quantity < 0) return `the fake nodes' ${flag} must be a quantity such as 4, 500m or 8Gi, got ${JSON.stringify(value)}`;
  }
  if (options.pods !== undefined && (!Number.isInteger(options.pods) || options.pods < 1)) return `the fake nodes' pod limit must be a whole number ≥ 1, got ${options.pods}`;
  return undefined;
}

/** Brings a stored node in line with the wanted one: labels and annotation, then capacity and identity. */
async function adopt(client: Client, wanted: KubeObject): Promise<void> {
  const nodes = client.resource("", "Node");
  let stored = await nodes.get("", wanted.metadata.name ?? "");
  const updated = cloneJson(stored);
  updated.metadata.labels = { ...stored.metadata.labels, ...wanted.metadata.labels };
  updated.metadata.annotations = { ...stored.metadata.annotations, ...wanted.metadata.annotations };
  // A pod range, once given, stays (the API refuses to change it): running pods hold addresses from it.
  const spec = (updated.spec ??= {}) as { podCIDR?: string };
  if (!spec.podCIDR) Object.assign(spec, wanted.spec);
  if (JSON.stringify(updated) !== JSON.stringify(stored)) stored = await nodes.update(updated);
  const { capacity, allocatable, nodeInfo } = wanted.status as Record<string, unknown>;
  // A write that changes nothing is not stored, so an unchanged node costs no revision.
  await nodes.updateStatus({ ...stored, status: { ...(stored.status as object | undefined), capacity, allocatable, nodeInfo } }, { result: false });
}

/** Writes issued together share one store commit, so nodes are created a batch at a time. */
const CONCURRENT_WRITES = 64;

async function createOrAdopt(client: Client, wanted: KubeObject): Promise<"created" | "adopted"> {
  try {
    await client.resource("", "Node").create("", wanted);
    return "created";
  } catch (error: unknown) {
    if (!(error instanceof ApiError && error.status.reason === "AlreadyExists")) throw error;
    await adopt(client, wanted);
    return "adopted";
  }
}

/** Creates (or adopts) the fake nodes and removes surplus ones from an earlier run. Errors come back as values. */
export async function createFakeNodes(client: Client, options: FakeNodeOptions): Promise<FakeNodesResult> {
  const problem = checkOptions(options);
  if (problem) return { ok: false, error: problem };
  const nodes = client.resource("", "Node");
  const outcomes: ("created" | "adopted")[] = [];
  try {
    for (let first = 1; first <= options.count; first += CONCURRENT_WRITES) {
      const batch = Array.from({ length: Math.min(CONCURRENT_WRITES, options.count - first + 1) }, (_, i) => fakeNode(first + i, options));
      outcomes.push(...(await Promise.all(batch.map((wanted) => createOrAdopt(client, wanted)))));
    }
    const prefix = options.namePrefix ?? "mini-fake-";
    const names = outcomes.map((_, i) => `${prefix}${i + 1}`);
    const surplus = (await nodes.list({ labelSelector: `${FAKE_LABEL}=true` })).items
      .map((node) => node.metadata.name ?? "")
      .filter((name) => name.startsWith(prefix) && /^\d+$/.test(name.slice(prefix.length)) && Number(name.slice(prefix.length)) > options.count);
    await Promise.all(surplus.map((name) => nodes.delete("", name)));
    return {
      ok: true,
      created: names.filter((_, i) => outcomes[i] === "created"),
      adopted: names.filter((_, i) => outcomes[i] === "adopted"),
      removed: surplus,
    };
  } catch (error: unknown) {
    return { ok: false, error: `creating the fake nodes failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}
