/**
 * Builds a single-platform image as an OCI image layout tarball (oci-layout,
 * index.json, blobs/sha256/…) from files in memory: the form `ctr images
 * import` accepts without a registry (buildDockerArchive makes the other). The manifest entry carries the full
 * reference in the `io.containerd.image.name` annotation; without it
 * containerd imports nothing.
 */
import { createHash } from "node:crypto";
import { createTar, type TarEntry } from "./tar.js";

export interface ImageSpecInput {
  /** Full reference, e.g. `mini.local/pause:1` or `docker.io/library/busybox:1`. */
  readonly reference: string;
  /** The root filesystem, one layer. */
  readonly files: readonly TarEntry[];
  readonly cmd?: readonly string[];
  readonly entrypoint?: readonly string[];
  /** @default ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"] */
  readonly env?: readonly string[];
  readonly workingDir?: string;
  /** The stop signal a container gets from StopContainer, e.g. SIGKILL for a `sleep` that ignores SIGTERM. */
  readonly stopSignal?: string;
  /** @default the host's */
  readonly architecture?: string;
}

export interface BuiltImage {
  readonly reference: string;
  /** `sha256:…` of the config: the image ID CRI reports. */
  readonly id: string;
  readonly tar: Buffer;
}

const DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
const MEDIA = {
  manifest: "application/vnd.oci.image.manifest.v1+json",
  config: "application/vnd.oci.image.config.v1+json",
  layer: "application/vnd.oci.image.layer.v1.tar",
} as const;

export function buildOciImage(input: ImageSpecInput): BuiltImage {
  const { layer, layerDigest, config, architecture } = imageParts(input);
  const manifest = json({
    schemaVersion: 2,
    mediaType: MEDIA.manifest,
    config: { mediaType: MEDIA.config, digest: digestOf(config), size: config.length },
    layers: [{ mediaType: MEDIA.layer, digest: layerDigest, size: layer.length }],
  });
  const index = json({
    schemaVersion: 2,
    manifests: [
      {
        mediaType: MEDIA.manifest,
        digest: digestOf(manifest),
        size: manifest.length,
        platform: { architecture, os: "linux" },
        annotations: { "io.containerd.image.name": input.reference, "org.opencontainers.image.ref.name": tagOf(input.reference) },
      },
    ],
  });
  const blobs = [layer, config, manifest].map((data): TarEntry => ({ type: "file", path: `blobs/sha256/${hexOf(data)}`, data }));
  const tar = createTar([
    { type: "file", path: "oci-layout", data: json({ imageLayoutVersion: "1.0.0" }) },
    { type: "file", path: "index.json", data: index },
    { type: "dir", path: "blobs" },
    { type: "dir", path: "blobs/sha256" },
    ...blobs,
  ]);
  return { reference: input.reference, id: digestOf(config), tar };
}

/**
 * The same image as a docker-archive (what `docker save` writes: manifest.json
 * naming the config, the tags and the layers), the other format `mini image
 * import` takes.
 */
export function buildDockerArchive(input: ImageSpecInput): BuiltImage {
  const { layer, config } = imageParts(input);
  const configName = `${hexOf(config)}.json`;
  const layerName = `${hexOf(layer)}/layer.tar`;
  const manifest = json([{ Config: configName, RepoTags: [input.reference], Layers: [layerName] }]);
  const tar = createTar([
    { type: "file", path: "manifest.json", data: manifest },
    { type: "file", path: configName, data: config },
    { type: "dir", path: hexOf(layer) },
    { type: "file", path: layerName, data: layer },
  ]);
  return { reference: input.reference, id: digestOf(config), tar };
}

/** The one layer and the image config both formats carry. */
function imageParts(input: ImageSpecInput): { layer: Buffer; layerDigest: string; config: Buffer; architecture: string } {
  const layer = createTar(input.files);
  const layerDigest = digestOf(layer);
  const architecture = input.architecture ?? goArch(process.arch);
  const config = json({
    architecture,
    os: "linux",
    config: {
      Env: input.env ?? [DEFAULT_PATH],
      ...(input.entrypoint ? { Entrypoint: input.entrypoint } : {}),
      ...(input.cmd ? { Cmd: input.cmd } : {}),
      ...(input.workingDir ? { WorkingDir: input.workingDir } : {}),
      ...(input.stopSignal ? { StopSignal: input.stopSignal } : {}),
    },
    rootfs: { type: "layers", diff_ids: [layerDigest] },
  });
  return { layer, layerDigest, config, architecture };
}

/** Go's GOARCH for Node's process.arch, as image configs name architectures. */
export function goArch(arch: string): string {
  const names: Record<string, string> = { x64: "amd64", ia32: "386", arm64: "arm64", arm: "arm", ppc64: "ppc64le", s390x: "s390x", riscv64: "riscv64" };
  return names[arch] ?? arch;
}

/** The tag of a reference (`latest` when it has none), for the OCI ref.name annotation. */
export function tagOf(reference: string): string {
  const name = reference.split("@")[0] ?? reference;
  const lastSlash = name.lastIndexOf("/");
  const colon = name.lastIndexOf(":");
  return colon > lastSlash ? name.slice(colon + 1) : "latest";
}

function json(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value));
}

function hexOf(data: Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

function digestOf(data: Uint8Array): string {
  return `sha256:${hexOf(data)}`;
}
