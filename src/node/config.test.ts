import assert from "node:assert/strict";
import { test } from "node:test";
import { renderContainerdConfig } from "./config.js";
import { containerdPaths } from "./paths.js";

const text = renderContainerdConfig({ paths: containerdPaths("/data dir/\"q\""), sandboxImage: "mini.local/pause:1", cniBinDir: "/usr/lib/cni" });

/** The `key = value` lines of one [table], as written. */
function table(name: string): Record<string, string> {
  const start = text.indexOf(`[${name}]\n`);
  assert.notEqual(start, -1, `[${name}] is present`);
  const body = text.slice(start + name.length + 3).split(/\n\[/)[0] ?? "";
  return Object.fromEntries(
    body
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line !== "" && !line.startsWith("#"))
      .map((line) => line.split(" = ") as [string, string]),
  );
}

test("containerd's config keeps everything under the data dir, quoted as TOML strings", () => {
  assert.match(text, /^version = 2$/m);
  assert.match(text, /^root = "\/data dir\/\\"q\\"\/containerd\/root"$/m);
  assert.match(text, /^state = "\/data dir\/\\"q\\"\/containerd\/state"$/m);
  assert.equal(table("grpc").address, '"/data dir/\\"q\\"/containerd/containerd.sock"');
  assert.equal(table("ttrpc").address, '"/data dir/\\"q\\"/containerd/containerd.sock.ttrpc"');
  assert.equal(table('plugins."io.containerd.internal.v1.opt"').path, '"/data dir/\\"q\\"/containerd/opt"');
});

test("the CRI plugin gets the settings these machines need", () => {
  const cri = 'plugins."io.containerd.grpc.v1.cri"';
  assert.deepEqual(table(cri), {
    sandbox_image: '"mini.local/pause:1"',
    restrict_oom_score_adj: "true",
    disable_apparmor: "true",
    tolerate_missing_hugetlb_controller: "true",
    stream_server_address: '"127.0.0.1"',
    stream_server_port: '"0"',
  });
  assert.equal(table(`${cri}.containerd`).snapshotter, '"overlayfs"');
  assert.equal(table(`${cri}.containerd.runtimes.runc`).runtime_type, '"io.containerd.runc.v2"');
  assert.equal(table(`${cri}.containerd.runtimes.runc.options`).SystemdCgroup, "false");
  assert.deepEqual(table(`${cri}.cni`), { bin_dir: '"/usr/lib/cni"', conf_dir: '"/data dir/\\"q\\"/containerd/cni/conf"' });
});
