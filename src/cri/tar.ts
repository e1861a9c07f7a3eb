/**
 * A minimal ustar writer for the image tarballs mini builds itself (the
 * pause image, test images): directories, regular files and symlinks, owned
 * by root, with a fixed modification time so the same input always gives the
 * same bytes — and so the same image digest.
 */

export type TarEntry =
  | { readonly type: "dir"; readonly path: string; readonly mode?: number }
  | { readonly type: "file"; readonly path: string; readonly data: Uint8Array; readonly mode?: number }
  | { readonly type: "symlink"; readonly path: string; readonly target: string };

const BLOCK = 512;
/** 2000-01-01: a fixed time (0 makes some tools warn about "implausibly old" files). */
const MTIME = 946_684_800;
const TYPE_FLAG = { file: "0", symlink: "2", dir: "5" } as const;

/** The tar archive of `entries`, in order, with the two zero blocks that end it. */
export function createTar(entries: readonly TarEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    const data = entry.type === "file" ? Buffer.from(entry.data.buffer, entry.data.byteOffset, entry.data.byteLength) : Buffer.alloc(0);
    parts.push(header(entry, data.length));
    if (data.length > 0) {
      parts.push(data, Buffer.alloc(padding(data.length)));
    }
  }
  parts.push(Buffer.alloc(BLOCK * 2));
  return Buffer.concat(parts);
}

function header(entry: TarEntry, size: number): Buffer {
  const block = Buffer.alloc(BLOCK);
  const path = entry.type === "dir" && !entry.path.endsWith("/") ? `${entry.path}/` : entry.path;
  const { name, prefix } = splitPath(path);
  const mode = entry.type === "symlink" ? 0o777 : (entry.mode ?? (entry.type === "dir" ? 0o755 : 0o644));
  writeString(block, name, 0, 100);
  writeOctal(block, mode, 100, 8);
  writeOctal(block, 0, 108, 8); // uid
  writeOctal(block, 0, 116, 8); // gid
  writeOctal(block, size, 124, 12);
  writeOctal(block, MTIME, 136, 12);
  block.fill(0x20, 148, 156); // the checksum counts its own field as spaces
  writeString(block, TYPE_FLAG[entry.type], 156, 1);
  if (entry.type === "symlink") writeString(block, entry.target, 157, 100);
  writeString(block, "ustar\u000000", 257, 8);
  writeString(block, "root", 265, 32);
  writeString(block, "root", 297, 32);
  writeString(block, prefix, 345, 155);
  let sum = 0;
  for (const byte of block) sum += byte;
  writeOctal(block, sum, 148, 7);
  return block;
}

/** ustar keeps long paths as prefix + "/" + name (155 + 100 bytes), split at a slash. */
function splitPath(path: string): { name: string; prefix: string } {
  if (Buffer.byteLength(path) <= 100) return { name: path, prefix: "" };
  for (let cut = path.indexOf("/"); cut !== -1; cut = path.indexOf("/", cut + 1)) {
    const prefix = path.slice(0, cut);
    const name = path.slice(cut + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(name) <= 100 && name !== "") return { name, prefix };
  }
  throw new Error(`Path too long for a ustar archive: ${path}`);
}

function writeString(block: Buffer, value: string, offset: number, length: number): void {
  if (Buffer.byteLength(value) > length) throw new Error(`Tar header field too long: ${value}`);
  block.write(value, offset, length, "utf8");
}

/** Zero-padded octal followed by a NUL, as every tar reader accepts. */
function writeOctal(block: Buffer, value: number, offset: number, length: number): void {
  const text = value.toString(8).padStart(length - 1, "0");
  if (text.length > length - 1) throw new Error(`Tar header value too large: ${value}`);
  block.write(`${text}\u0000`, offset, length, "ascii");
}

function padding(size: number): number {
  return (BLOCK - (size % BLOCK)) % BLOCK;
}
