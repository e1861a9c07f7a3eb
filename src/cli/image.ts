/**
 * `mini image import FILE... | ls | rm REF...`: the images of a running
 * mini's containerd (its `k8s.io` namespace, where pods find them), with no
 * registry involved. `--data-dir` picks the mini.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import type { CriClient } from "../cri/client.js";
import { runtimeInfoPath } from "../node/paths.js";
import { EXIT, failure, usageError, type Command } from "./command.js";
import { resolveDataDir } from "./data-dir.js";
import { hasCode } from "../machinery/errors.js";

const USAGE = `Usage: mini image <subcommand> [flags]

Manage the images of a running mini's container runtime (no registry needed).

Subcommands:
  import FILE...   Import image tarballs: OCI layout or docker-archive (docker save),
                   tags kept. Tarballs in <data-dir>/images/ are imported at every start.
  ls               List the images: name, tag, image ID, size
  rm REF...        Remove images by reference (name:tag) or ID

Flags:
  --data-dir DIR   The data dir of the mini to talk to (default ~/.mini)
  -h, --help       Show this help
`;

const SUBCOMMANDS = ["import", "ls", "rm"] as const;
type Subcommand = (typeof SUBCOMMANDS)[number];

export const image: Command = {
  name: "image",
  summary: "Import, list and remove the images pods run (import FILE | ls | rm REF)",
  usage: USAGE,
  async run(args) {
    let parsed: { values: { "data-dir"?: string | undefined; help?: boolean | undefined }; positionals: string[] };
    try {
      parsed = parseArgs({ args: [...args], options: { "data-dir": { type: "string" }, help: { type: "boolean", short: "h" } }, allowPositionals: true, strict: true });
    } catch (error: unknown) {
      return usageError("image", error instanceof Error ? error.message.split(". ")[0] ?? error.message : String(error));
    }
    if (parsed.values.help === true) {
      process.stdout.write(USAGE);
      return EXIT.ok;
    }
    const [sub, ...operands] = parsed.positionals;
    if (sub === undefined) return usageError("image", "Expected a subcommand: import, ls or rm");
    if (!isSubcommand(sub)) return usageError("image", `Unknown subcommand ${JSON.stringify(sub)}; expected import, ls or rm`);
    if (sub === "ls" && operands.length > 0) return usageError("image", "ls takes no arguments");
    if (sub !== "ls" && operands.length === 0) return usageError("image", `${sub} needs at least one ${sub === "import" ? "FILE" : "REF"}`);
    const dataDir = resolveDataDir(parsed.values["data-dir"]);
    const socket = await runtimeSocket(dataDir);
    if (socket === undefined) {
      return failure("image", `no container runtime is running for ${dataDir}: start one with mini up (as root, with containerd installed)`);
    }
    // Loaded here: gRPC is only needed once a runtime is there to talk to.
    const { CriClient } = await import("../cri/client.js");
    const cri = CriClient.connect(socket, { timeoutMs: 30_000 });
    try {
      switch (sub) {
        case "import":
          return await importFiles(operands, socket);
        case "ls":
          return await list(cri);
        case "rm":
          return await remove(cri, operands);
        default:
          return sub satisfies never;
      }
    } finally {
      cri.close();
    }
  },
};

function isSubcommand(name: string): name is Subcommand {
  return (SUBCOMMANDS as readonly string[]).includes(name);
}

/** The socket the mini of `dataDir` told us (runtime.json), or undefined when it runs none. */
async function runtimeSocket(dataDir: string): Promise<string | undefined> {
  let text: string;
  try {
    text = await readFile(runtimeInfoPath(dataDir), "utf8");
  } catch (error: unknown) {
    if (hasCode(error, "ENOENT")) return undefined;
    throw error;
  }
  const info: unknown = JSON.parse(text);
  const socket = typeof info === "object" && info !== null && "criSocket" in info ? info.criSocket : undefined;
  return typeof socket === "string" && existsSync(socket) ? socket : undefined;
}

async function importFiles(files: readonly string[], socket: string): Promise<number> {
  const { importImage } = await import("../node/images.js");
  const { whichOnPath, INSTALL_HINT } = await import("../node/binaries.js");
  const ctr = whichOnPath("ctr");
  if (ctr === undefined) return failure("image", `ctr (part of containerd) is not on PATH; install it with: ${INSTALL_HINT}`);
  let code: number = EXIT.ok;
  for (const file of files) {
    if (!existsSync(file)) {
      code = failure("image", `${file}: no such file`);
      continue;
    }
    const imported = await importImage(file, { ctr, socket });
    if (imported.ok) for (const reference of imported.references) process.stdout.write(`imported ${reference}\n`);
    else code = failure("image", `${file}: ${imported.message}`);
  }
  return code;
}

async function list(cri: CriClient): Promise<number> {
  const listed = await cri.listImages();
  if (!listed.ok) return failure("image", listed.error.message);
  const rows: string[][] = [];
  for (const each of listed.value.images) {
    const id = each.id.replace(/^sha256:/, "").slice(0, 13);
    const tags = each.repoTags.length > 0 ? each.repoTags : ["<none>:<none>"];
    for (const tag of tags) rows.push([...splitTag(tag), id, humanSize(each.size)]);
  }
  rows.sort((a, b) => `${a[0]}:${a[1]}`.localeCompare(`${b[0]}:${b[1]}`));
  rows.unshift(["IMAGE", "TAG", "IMAGE ID", "SIZE"]);
  process.stdout.write(formatTable(rows));
  return EXIT.ok;
}

async function remove(cri: CriClient, references: readonly string[]): Promise<number> {
  const { PAUSE_IMAGE } = await import("../node/pause-image.js");
  let code: number = EXIT.ok;
  for (const reference of references) {
    const found = await cri.imageStatus({ image: { image: reference } });
    if (!found.ok) {
      code = failure("image", `${reference}: ${found.error.message}`);
      continue;
    }
    if (found.value.image === null) {
      code = failure("image", `${reference}: no such image`);
      continue;
    }
    if (found.value.image.repoTags.includes(PAUSE_IMAGE)) {
      code = failure("image", `${reference}: is the pod sandbox image (${PAUSE_IMAGE}); pods cannot start without it`);
      continue;
    }
    const removed = await cri.removeImage({ image: { image: reference } });
    if (removed.ok) process.stdout.write(`removed ${reference}\n`);
    else code = failure("image", `${reference}: ${removed.error.message}`);
  }
  return code;
}

/** `registry/name:tag` → [`registry/name`, `tag`]; a colon before the last slash is a port, not a tag. */
export function splitTag(reference: string): [string, string] {
  const colon = reference.lastIndexOf(":");
  return colon > reference.lastIndexOf("/") ? [reference.slice(0, colon), reference.slice(colon + 1)] : [reference, "<none>"];
}

/** Sizes as crictl prints them: decimal units, three significant digits (`2.13MB`). */
export function humanSize(bytes: number): string {
  const units = ["B", "kB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${unit === 0 ? value : Number(value.toPrecision(3))}${units[unit]}`;
}

function formatTable(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? "").length))) ?? [];
  return rows.map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd((widths[column] ?? 0) + 3))).join("")).join("\n") + "\n";
}
