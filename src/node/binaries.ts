/**
 * Finding what the node needs on this machine: containerd (with its ctr and
 * shim, which the same package installs), runc and the CNI plugins.
 */
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

export const INSTALL_HINT = "apt-get install containerd runc containernetworking-plugins";

export interface NodeBinaries {
  readonly containerd: string;
  readonly ctr: string;
  readonly runc: string;
  /** The folder with the CNI plugins (bridge, host-local, portmap, loopback). */
  readonly cniBinDir: string;
}

export type FindResult = { readonly ok: true; readonly binaries: NodeBinaries } | { readonly ok: false; readonly missing: readonly string[] };

/** Debian puts the CNI plugins in /usr/lib/cni; upstream's tarball and most distros in /opt/cni/bin. */
const CNI_DIRS = ["/usr/lib/cni", "/opt/cni/bin", "/usr/libexec/cni"];

export function findNodeBinaries(path = process.env.PATH ?? ""): FindResult {
  const dirs = path.split(delimiter).filter((dir) => dir !== "");
  const containerd = which("containerd", dirs);
  const ctr = which("ctr", dirs);
  const runc = which("runc", dirs);
  const cniBinDir = CNI_DIRS.find((dir) => isExecutable(join(dir, "bridge")));
  if (containerd !== undefined && ctr !== undefined && runc !== undefined && cniBinDir !== undefined) {
    return { ok: true, binaries: { containerd, ctr, runc, cniBinDir } };
  }
  const missing = [
    ...(containerd === undefined ? ["containerd"] : []),
    ...(ctr === undefined ? ["ctr"] : []),
    ...(runc === undefined ? ["runc"] : []),
    ...(cniBinDir === undefined ? [`CNI plugins (none in ${CNI_DIRS.join(", ")})`] : []),
  ];
  return { ok: false, missing };
}

/** The one line `mini up` prints when it cannot run containers. */
export function missingRuntimeMessage(missing: readonly string[]): string {
  return `no node can run containers: ${missing.join(", ")} not found (install with: ${INSTALL_HINT}); --fake-nodes N works meanwhile`;
}

/** The first executable `name` in the folders of `path`. */
export function whichOnPath(name: string, path = process.env.PATH ?? ""): string | undefined {
  return which(name, path.split(delimiter).filter((dir) => dir !== ""));
}

function which(name: string, dirs: readonly string[]): string | undefined {
  return dirs.map((dir) => join(dir, name)).find(isExecutable);
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    // Missing or not executable: both mean "not here", which the caller reports.
    return false;
  }
}
