/**
 * Images made from the host's static busybox, so a node needs no registry:
 * the pause image (just `sleep`) and, for tests, a busybox with every applet.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import type { TarEntry } from "../cri/tar.js";

/** Where Debian's busybox-static puts it. */
export const HOST_BUSYBOX = "/bin/busybox";

/**
 * The root filesystem: /bin/busybox plus a link per applet (at the path
 * `busybox --list-full` gives, or only those named in `applets`), /tmp, and an
 * /etc/passwd and /etc/group that know root and nobody.
 */
export function busyboxRootfs(options: { busybox?: string; applets?: readonly string[] } = {}): TarEntry[] {
  const busybox = options.busybox ?? HOST_BUSYBOX;
  const binary = readFileSync(busybox);
  if (!isStaticElf(binary)) throw new Error(`${busybox} is dynamically linked; a container image needs the static one (apt-get install busybox-static)`);
  const wanted = options.applets;
  const links = wanted
    ? wanted.map((name) => `bin/${name}`)
    : execFileSync(busybox, ["--list-full"], { encoding: "utf8" })
        .split("\n")
        .filter((path) => path !== "" && path !== "bin/busybox");
  const dirs = [...new Set(["bin", "etc", "tmp", ...links.map((path) => path.slice(0, path.lastIndexOf("/")))])].sort();
  return [
    ...dirs.map((path): TarEntry => ({ type: "dir", path, mode: path === "tmp" ? 0o1777 : 0o755 })),
    { type: "file", path: "bin/busybox", data: binary, mode: 0o755 },
    ...links.map((path): TarEntry => ({ type: "symlink", path, target: "/bin/busybox" })),
    { type: "file", path: "etc/passwd", data: Buffer.from("root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n") },
    { type: "file", path: "etc/group", data: Buffer.from("root:x:0:\nnogroup:x:65534:\n") },
  ];
}

/** True for an ELF executable without a PT_INTERP header, i.e. one that needs no dynamic loader. */
export function isStaticElf(binary: Buffer): boolean {
  if (binary.length < 64 || binary.toString("latin1", 0, 4) !== "\u007fELF") return false;
  const is64 = binary[4] === 2;
  const little = binary[5] === 1;
  const u16 = (at: number): number => (little ? binary.readUInt16LE(at) : binary.readUInt16BE(at));
  const u32 = (at: number): number => (little ? binary.readUInt32LE(at) : binary.readUInt32BE(at));
  const phoff = is64 ? Number(little ? binary.readBigUInt64LE(0x20) : binary.readBigUInt64BE(0x20)) : u32(0x1c);
  const phentsize = u16(is64 ? 0x36 : 0x2a);
  const phnum = u16(is64 ? 0x38 : 0x2c);
  const PT_INTERP = 3;
  for (let i = 0; i < phnum; i += 1) {
    const at = phoff + i * phentsize;
    if (at + 4 > binary.length) break;
    if (u32(at) === PT_INTERP) return false;
  }
  return true;
}
