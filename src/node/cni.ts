/**
 * The pod network: one Linux bridge per mini with host-local addresses from
 * the node's pod CIDR, portmap for hostPort, written as the CNI conflist
 * containerd loads. (containerd's CRI plugin sets up each pod's loopback
 * itself with the `loopback` plugin from the same bin dir, so the chain needs
 * no loopback entry.) Traffic leaving the pod range is masqueraded by one
 * rule for the whole range, set up at start, rather than by the bridge
 * plugin's ipMasq, which adds and removes an iptables chain per pod: about
 * 25 ms of CPU on each pod's start and again on its removal.
 *
 * Several minis may run on one machine (the e2e tests do), so the bridge name
 * and the subnet are derived from the data dir unless given.
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, writeFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { promisify } from "node:util";
import { join } from "node:path";
import { hasCode, messageOf } from "../machinery/errors.js";
import type { Logger } from "../log.js";

export interface PodNetwork {
  /** e.g. `10.231.17.0/24`: what the Node's spec.podCIDR says. */
  readonly podCidr: string;
  /** Linux interface name (at most 15 bytes), e.g. `mini3fa2c9d1`. */
  readonly bridge: string;
}

/**
 * 10.224.0.0/12 holds 4096 /24s, away from the Service range (10.96.0.0/12)
 * and the 10.244.0.0/16 other local clusters default to.
 */
const DERIVED_BASE = [10, 224] as const;

/** The network for a data dir: `podCidr`/`bridge` when given, else derived from the dir's path. */
export function podNetworkFor(dataDir: string, overrides: { podCidr?: string | undefined; bridge?: string | undefined } = {}): PodNetwork {
  const hash = createHash("sha256").update(dataDir).digest();
  const index = hash.readUInt16BE(0) % 4096;
  const derived = `${DERIVED_BASE[0]}.${DERIVED_BASE[1] + (index >> 8)}.${index & 0xff}.0/24`;
  return {
    podCidr: overrides.podCidr ?? derived,
    bridge: overrides.bridge ?? `mini${hash.subarray(2, 6).toString("hex")}`,
  };
}

/** An error message for a CIDR the host-local plugin cannot use, or undefined when it is fine. */
export function checkPodCidr(cidr: string): string | undefined {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  if (match === null) return `--pod-cidr must be an IPv4 CIDR such as 10.244.0.0/24, not ${JSON.stringify(cidr)}`;
  const octets = match.slice(1, 5).map(Number);
  const bits = Number(match[5]);
  if (octets.some((o) => o > 255) || bits < 8 || bits > 28) return `--pod-cidr must have a prefix from /8 to /28 and octets up to 255, not ${JSON.stringify(cidr)}`;
  return undefined;
}

export function checkBridgeName(name: string): string | undefined {
  return /^[A-Za-z0-9_.-]{1,15}$/.test(name) ? undefined : `--cni-bridge must be 1 to 15 letters, digits, '_', '.' or '-', not ${JSON.stringify(name)}`;
}

export function renderCniConflist(network: PodNetwork, ipamDataDir: string): string {
  const conflist = {
    cniVersion: "1.0.0",
    name: "mini",
    plugins: [
      {
        type: "bridge",
        bridge: network.bridge,
        isGateway: true,
        // Masquerading is one rule for the whole range (podMasquerade below), not a chain per pod.
        ipMasq: false,
        hairpinMode: true,
        ipam: {
          type: "host-local",
          ranges: [[{ subnet: network.podCidr }]],
          routes: [{ dst: "0.0.0.0/0" }],
          dataDir: ipamDataDir,
        },
      },
      { type: "portmap", capabilities: { portMappings: true } },
    ],
  };
  return `${JSON.stringify(conflist, null, 2)}\n`;
}

/**
 * Writes the conflist; containerd reads the first file of its conf dir (sorted), so there is only this one.
 * Synchronous: it must be in place before containerd is spawned, which happens before `mini up` yields.
 */
export function writeCniConfig(confDir: string, network: PodNetwork, ipamDataDir: string): void {
  writeFileSync(join(confDir, "10-mini.conflist"), renderCniConflist(network, ipamDataDir));
}

/** Pods reach beyond the node only with forwarding on; a warning, not a failure, when we may not set it. */
export async function enableIpForwarding(log: Logger, path = "/proc/sys/net/ipv4/ip_forward"): Promise<void> {
  try {
    await writeFile(path, "1\n");
  } catch (error: unknown) {
    log.warn("cannot enable IP forwarding: pods may not reach other hosts (run: sysctl -w net.ipv4.ip_forward=1)", { error: messageOf(error) });
  }
}

/**
 * The rules that masquerade what pods send beyond their range, as the bridge plugin's ipMasq does per
 * pod: a chain of ours that skips the pod range and multicast and masquerades the rest, and the jump to
 * it from nat POSTROUTING for the range. `iptables` is the one the CNI plugins use (nft or legacy).
 */
export function masqueradeRules(network: PodNetwork): { readonly chain: string; readonly jump: readonly string[]; readonly restore: string } {
  const chain = `MINI-MASQ-${network.bridge}`;
  const jump = ["POSTROUTING", "-s", network.podCidr, "-m", "comment", "--comment", `mini pods on ${network.bridge}`, "-j", chain];
  // iptables-restore declares (creating or flushing) the chain and fills it in one call; --noflush keeps every other rule.
  const restore = ["*nat", `:${chain} - [0:0]`, `-A ${chain} -d ${network.podCidr} -j RETURN`, `-A ${chain} -d 224.0.0.0/4 -j RETURN`, `-A ${chain} -j MASQUERADE`, "COMMIT", ""].join("\n");
  return { chain, jump, restore };
}

/** Installs the masquerade rules (again, after a crash left them); a warning, not a failure, when it cannot. */
export async function ensurePodMasquerade(network: PodNetwork, log: Logger): Promise<void> {
  const { jump, restore } = masqueradeRules(network);
  try {
    await run("iptables-restore", ["--noflush"], restore);
    // -C answers 1 when the rule is missing; only then append it, so restarts add no duplicates.
    if (!(await succeeds("iptables", ["-t", "nat", "-C", ...jump]))) await run("iptables", ["-t", "nat", "-A", ...jump]);
  } catch (error: unknown) {
    log.warn("cannot set up masquerading for pods: pods may not reach other hosts", { error: messageOf(error) });
  }
}

/** Removes what ensurePodMasquerade installed; a warning when it cannot. */
export async function removePodMasquerade(network: PodNetwork, log: Logger): Promise<void> {
  const { chain, jump } = masqueradeRules(network);
  try {
    while (await succeeds("iptables", ["-t", "nat", "-D", ...jump]));
    if (await succeeds("iptables", ["-t", "nat", "-F", chain])) await run("iptables", ["-t", "nat", "-X", chain]);
  } catch (error: unknown) {
    log.warn("cannot remove the pods' masquerade rules", { chain, error: messageOf(error) });
  }
}

/** Runs a command to its end; rejects with its stderr when it fails. */
function run(command: string, args: readonly string[], input?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = execFile(command, args, (error, _stdout, stderr) => {
      if (!error) resolve();
      // Not started at all (ENOENT…): the system's error as it is; else what the command said.
      else if (typeof error.code === "string") reject(error);
      else reject(new Error(`${command} ${args.join(" ")}: ${stderr.trim() || error.message}`));
    });
    if (input !== undefined) child.stdin?.end(input);
  });
}

/** Whether a command exits 0; a missing command is an error, not a "no". */
async function succeeds(command: string, args: readonly string[]): Promise<boolean> {
  try {
    await run(command, args);
    return true;
  } catch (error: unknown) {
    if (hasCode(error, "ENOENT")) throw error;
    return false;
  }
}

/**
 * The bridge plugin creates the bridge but never deletes it; after the last
 * pod is gone mini does, so test runs (a bridge per data dir) leave no trail.
 */
export async function removeBridge(bridge: string, log: Logger): Promise<void> {
  if (!existsSync(`/sys/class/net/${bridge}`)) return;
  try {
    await promisify(execFile)("ip", ["link", "delete", "dev", bridge]);
  } catch (error: unknown) {
    log.warn("cannot remove the pod bridge", { bridge, error: messageOf(error) });
  }
}
