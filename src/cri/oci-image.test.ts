import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { buildDockerArchive, buildOciImage, goArch, tagOf } from "./oci-image.js";

const sha256 = (data: Buffer) => `sha256:${createHash("sha256").update(data).digest("hex")}`;

test("buildOciImage writes an OCI layout whose digests, sizes and name annotation hold", () => {
  const image = buildOciImage({ reference: "mini.test/hello:2", files: [{ type: "file", path: "hello", data: Buffer.from("hi") }], cmd: ["/hello"], stopSignal: "SIGKILL", architecture: "amd64" });
  const dir = mkdtempSync(join(tmpdir(), "mini-oci-"));
  try {
    execFileSync("tar", ["-xf", "-", "-C", dir], { input: image.tar });
    assert.deepEqual(JSON.parse(readFileSync(join(dir, "oci-layout"), "utf8")), { imageLayoutVersion: "1.0.0" });
    const blob = (digest: string) => readFileSync(join(dir, "blobs", "sha256", digest.slice(7)));
    for (const name of readdirSync(join(dir, "blobs", "sha256"))) assert.equal(sha256(blob(`sha256:${name}`)), `sha256:${name}`);

    const index = JSON.parse(readFileSync(join(dir, "index.json"), "utf8"));
    const entry = index.manifests[0];
    assert.deepEqual(entry.annotations, { "io.containerd.image.name": "mini.test/hello:2", "org.opencontainers.image.ref.name": "2" });
    assert.deepEqual(entry.platform, { architecture: "amd64", os: "linux" });
    assert.equal(entry.size, blob(entry.digest).length);

    const manifest = JSON.parse(blob(entry.digest).toString());
    assert.equal(manifest.config.digest, image.id);
    const config = JSON.parse(blob(manifest.config.digest).toString());
    assert.deepEqual(config.config.Cmd, ["/hello"]);
    assert.equal(config.config.StopSignal, "SIGKILL");
    assert.deepEqual(config.rootfs.diff_ids, [manifest.layers[0].digest]);
    const layer = execFileSync("tar", ["-tf", "-"], { input: blob(manifest.layers[0].digest), encoding: "utf8" });
    assert.equal(layer, "hello\n");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("buildDockerArchive writes what docker save does, with the same image id", () => {
  const input = { reference: "mini.test/hello:3", files: [{ type: "file" as const, path: "hello", data: Buffer.from("hi") }], cmd: ["/hello"] };
  const archive = buildDockerArchive(input);
  assert.equal(archive.id, buildOciImage(input).id);
  const dir = mkdtempSync(join(tmpdir(), "mini-docker-"));
  try {
    execFileSync("tar", ["-xf", "-", "-C", dir], { input: archive.tar });
    const [entry, ...rest] = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));
    assert.deepEqual(rest, []);
    assert.deepEqual(entry.RepoTags, ["mini.test/hello:3"]);
    const config = readFileSync(join(dir, entry.Config));
    assert.equal(sha256(config), archive.id);
    const layer = readFileSync(join(dir, entry.Layers[0]));
    assert.deepEqual(JSON.parse(config.toString()).rootfs.diff_ids, [sha256(layer)]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the same input gives the same image id", () => {
  const build = () => buildOciImage({ reference: "a/b:c", files: [{ type: "dir", path: "x" }], cmd: ["sh"] });
  assert.equal(build().id, build().id);
});

test("tagOf and goArch", () => {
  assert.equal(tagOf("mini.test/busybox:1"), "1");
  assert.equal(tagOf("localhost:5000/app"), "latest");
  assert.equal(tagOf("localhost:5000/app:v2@sha256:abc"), "v2");
  assert.equal(goArch("x64"), "amd64");
  assert.equal(goArch("arm64"), "arm64");
});
