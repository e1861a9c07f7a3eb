/**
 * Where a mini's containerd keeps everything: one folder under the data dir,
 * so two minis on one machine never share a socket, root or state.
 */
import { join } from "node:path";

export interface ContainerdPaths {
  readonly dir: string;
  readonly config: string;
  readonly root: string;
  readonly state: string;
  readonly socket: string;
  readonly ttrpcSocket: string;
  readonly opt: string;
  readonly log: string;
  /** The pid of the containerd we started, so a restarted mini adopts it instead of starting another. */
  readonly pidFile: string;
  readonly cniConfDir: string;
  /** host-local IPAM's allocations. */
  readonly cniIpamDir: string;
}

/** A unix socket path holds at most 107 bytes on Linux. */
export const MAX_SOCKET_PATH = 107;

export function containerdPaths(dataDir: string): ContainerdPaths {
  const dir = join(dataDir, "containerd");
  return {
    dir,
    config: join(dir, "config.toml"),
    root: join(dir, "root"),
    state: join(dir, "state"),
    socket: join(dir, "containerd.sock"),
    ttrpcSocket: join(dir, "containerd.sock.ttrpc"),
    opt: join(dir, "opt"),
    log: join(dir, "containerd.log"),
    pidFile: join(dir, "containerd.pid"),
    cniConfDir: join(dir, "cni", "conf"),
    cniIpamDir: join(dir, "cni", "ipam"),
  };
}

/** `<data dir>/images/*.tar` are imported at every start, as k3s does with its agent/images. */
export function imagesDir(dataDir: string): string {
  return join(dataDir, "images");
}

/** Tells `mini image` which socket the running mini's runtime answers on (it may be attached, not ours). */
export function runtimeInfoPath(dataDir: string): string {
  return join(dataDir, "runtime.json");
}
