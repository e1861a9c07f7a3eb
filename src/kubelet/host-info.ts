/**
 * Facts about this machine that the Node object reports: CPU count,
 * memory, the data dir's filesystem size, the primary IPv4 address, the
 * kernel and OS names, and the machine and boot identifiers.
 */
import { readFileSync, statfsSync } from "node:fs";
import { cpus, hostname, networkInterfaces, release, totalmem } from "node:os";

export interface HostInfo {
  readonly hostname: string;
  readonly cpus: number;
  readonly memoryBytes: number;
  readonly storageBytes: number;
  readonly internalIP: string;
  readonly kernelVersion: string;
  readonly osImage: string;
  readonly machineID: string;
  readonly bootID: string;
  readonly systemUUID: string;
}

function readTrimmed(path: string): string {
  try {
    return readFileSync(path, "utf8").trim();
  } catch {
    // Absent on some machines (no DMI in a VM, no machine-id in a container): reported as empty.
    return "";
  }
}

/** PRETTY_NAME from os-release text, e.g. "Debian GNU/Linux 12 (bookworm)". */
export function osImageFrom(osRelease: string): string {
  const line = osRelease.split("\n").find((l) => l.startsWith("PRETTY_NAME="));
  return line ? line.slice("PRETTY_NAME=".length).replace(/^"(.*)"$/, "$1") : "Linux";
}

/** The interface of the default route, from /proc/net/route text. */
export function defaultRouteInterface(routes: string): string | undefined {
  for (const line of routes.split("\n").slice(1)) {
    const [name, destination] = line.trim().split(/\s+/);
    if (destination === "00000000") return name;
  }
  return undefined;
}

function primaryIPv4(): string {
  const interfaces = networkInterfaces();
  const preferred = defaultRouteInterface(readTrimmed("/proc/net/route"));
  const candidates = [...(preferred ? [interfaces[preferred] ?? []] : []), ...Object.values(interfaces).map((list) => list ?? [])];
  for (const list of candidates) {
    const address = list.find((a) => a.family === "IPv4" && !a.internal);
    if (address) return address.address;
  }
  return "127.0.0.1";
}

export function readHostInfo(dataDir: string, nodeName?: string): HostInfo {
  let storageBytes = 0;
  try {
    const fs = statfsSync(dataDir);
    storageBytes = fs.bsize * fs.blocks;
  } catch {
    // A data dir on a filesystem statfs cannot read reports no storage rather than failing registration.
    storageBytes = 0;
  }
  const machineID = readTrimmed("/etc/machine-id");
  return {
    hostname: (nodeName ?? hostname()).toLowerCase(),
    cpus: cpus().length,
    memoryBytes: totalmem(),
    storageBytes,
    internalIP: primaryIPv4(),
    kernelVersion: release(),
    osImage: osImageFrom(readTrimmed("/etc/os-release")),
    machineID,
    bootID: readTrimmed("/proc/sys/kernel/random/boot_id"),
    systemUUID: readTrimmed("/sys/class/dmi/id/product_uuid") || machineID,
  };
}
