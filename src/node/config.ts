/**
 * containerd's config.toml (version 2) for a mini: everything under the data
 * dir, and the CRI settings these machines need (see
 * ../shared/notes/containerd-here.md for why each one is there).
 */
import { join } from "node:path";
import type { ContainerdPaths } from "./paths.js";

export interface ContainerdConfigInput {
  readonly paths: ContainerdPaths;
  /** The image every sandbox runs: ours, imported locally, since nothing can be pulled. */
  readonly sandboxImage: string;
  /** Where the CNI plugin binaries are (Debian: /usr/lib/cni). */
  readonly cniBinDir: string;
}

/** Plugins a dev cluster never uses; skipping them saves start time and log noise. */
const DISABLED_PLUGINS = [
  "io.containerd.snapshotter.v1.aufs",
  "io.containerd.snapshotter.v1.btrfs",
  "io.containerd.snapshotter.v1.devmapper",
  "io.containerd.snapshotter.v1.zfs",
  "io.containerd.tracing.processor.v1.otlp",
  "io.containerd.internal.v1.tracing",
];

export function renderContainerdConfig(input: ContainerdConfigInput): string {
  const { paths } = input;
  const cri = `plugins."io.containerd.grpc.v1.cri"`;
  return `# Written by mini at every start; edits are overwritten.
version = 2
root = ${str(paths.root)}
state = ${str(paths.state)}
disabled_plugins = [${DISABLED_PLUGINS.map(str).join(", ")}]

[grpc]
  address = ${str(paths.socket)}

[ttrpc]
  address = ${str(paths.ttrpcSocket)}

[plugins."io.containerd.internal.v1.opt"]
  path = ${str(paths.opt)}

[${cri}]
  sandbox_image = ${str(input.sandboxImage)}
  # Root here lacks CAP_SYS_RESOURCE: without this every sandbox fails with
  # "can't get final child's PID from pipe: EOF".
  restrict_oom_score_adj = true
  disable_apparmor = true
  tolerate_missing_hugetlb_controller = true
  # Exec, attach and port-forward URLs: loopback only (the token is the only
  # auth), on a free port chosen at each start.
  stream_server_address = "127.0.0.1"
  stream_server_port = "0"

[${cri}.containerd]
  snapshotter = "overlayfs"
  default_runtime_name = "runc"

[${cri}.containerd.runtimes.runc]
  runtime_type = "io.containerd.runc.v2"

[${cri}.containerd.runtimes.runc.options]
  # No systemd here: runc must manage cgroups itself.
  SystemdCgroup = false

[${cri}.cni]
  bin_dir = ${str(input.cniBinDir)}
  conf_dir = ${str(paths.cniConfDir)}

[${cri}.registry]
  # Mirrors, insecure registries and their certificates: <host>/hosts.toml
  # files here, in containerd's own format. localhost and 127.0.0.1 pull over
  # plain HTTP without one.
  config_path = ${str(registryHostsDir(paths))}
`;
}

/** Where the user puts containerd's per-registry hosts.toml files (`<dir>/<host[:port]>/hosts.toml`). */
export function registryHostsDir(paths: ContainerdPaths): string {
  return join(paths.dir, "certs.d");
}

/** A TOML basic string: JSON's escapes are a subset TOML accepts. */
function str(value: string): string {
  return JSON.stringify(value);
}
