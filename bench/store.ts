/**
 * Store write throughput against its floor: raw better-sqlite3 inserting one
 * kine-shaped row per transaction, on the same schema, pragmas and disk.
 *
 *   node --import tsx bench/store.ts
 *
 * Each figure is one ~2 s run; this machine's noise between runs is 2–20 %, so
 * read the ratios (measured in the same run), not absolute numbers across runs.
 */
import { closeSync, fsyncSync, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openSqliteBackend } from "../src/store/index.js";
import type { Synchronous } from "../src/store/index.js";
import { openDatabase } from "../src/store/sqlite/schema.js";

const RUN_MS = 2_000;
/** Like the anchors' workload: raw rows cycle over this many keys, updates carrying the old value. */
const RAW_KEYS = 1_000;

/** A ~1 KiB Pod-like JSON value. */
const VALUE = JSON.stringify({
  apiVersion: "v1",
  kind: "Pod",
  metadata: {
    name: "web-0",
    namespace: "default",
    uid: "4f6c1a52-3d4e-4b8a-9d6f-0c1e2a3b4c5d",
    labels: { app: "web", tier: "frontend", release: "stable" },
    annotations: { "kubectl.kubernetes.io/last-applied-configuration": "x".repeat(420) },
  },
  spec: {
    nodeName: "node-1",
    containers: [{ name: "web", image: "nginx:1.27", ports: [{ containerPort: 80, protocol: "TCP" }] }],
  },
  status: { phase: "Running", podIP: "10.42.0.17", conditions: [{ type: "Ready", status: "True" }] },
});

export async function benchStore(): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), "mini-bench-store-"));
  let files = 0;
  const file = (): string => join(dir, `state-${files++}.db`);
  try {
    const fsyncMs = fsyncLatency(file());
    const raw = rawInserts(file(), "FULL");
    const sequential = await storeCreates(file(), { clients: 1, synchronous: "FULL" });
    const concurrent = await storeCreates(file(), { clients: 8, synchronous: "FULL" });
    const concurrentNormal = await storeCreates(file(), { clients: 8, synchronous: "NORMAL" });
    const many = await storeCreates(file(), { clients: 64, synchronous: "FULL" });
    return {
      "disk: append 1 KiB + fsync, p50 (ms)": fsyncMs,
      "raw insert, 1 row/txn, FULL (rows/s)": raw,
      "store create, sequential, FULL (/s)": sequential,
      "store create, 8 clients, FULL (/s)": concurrent,
      "store create, 8 clients, NORMAL (/s)": concurrentNormal,
      "store create, 64 clients, FULL (/s)": many,
      "sequential / raw": sequential / raw,
      "8 clients / raw": concurrent / raw,
      "8 clients FULL / NORMAL": concurrent / concurrentNormal,
      "64 clients / raw": many / raw,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The median time to append 1 KiB to a file and fsync it: what every FULL commit waits for. */
function fsyncLatency(path: string): number {
  const fd = openSync(path, "w");
  const block = Buffer.alloc(1_024, "x");
  const times: number[] = [];
  try {
    for (let i = 0; i < 200; i++) {
      const start = performance.now();
      writeSync(fd, block);
      fsyncSync(fd);
      times.push(performance.now() - start);
    }
  } finally {
    closeSync(fd);
  }
  times.sort((a, b) => a - b);
  return times[times.length >> 1] ?? Number.NaN;
}

/** One kine-shaped row per transaction, cycling over RAW_KEYS keys. */
function rawInserts(path: string, synchronous: Synchronous): number {
  const db = openDatabase({ path, synchronous });
  const begin = db.prepare("BEGIN");
  const commit = db.prepare("COMMIT");
  const insert = db.prepare(
    `INSERT INTO log (name, created, deleted, create_revision, prev_revision, value, old_value)
     VALUES (?, ?, 0, ?, ?, ?, ?)`,
  );
  const newest = new Map<string, { id: number; createRevision: number }>();
  const end = performance.now() + RUN_MS;
  let rows = 0;
  for (; performance.now() < end; rows++) {
    const key = `/registry/pods/default/web-${rows % RAW_KEYS}`;
    const prev = newest.get(key);
    begin.run();
    const { lastInsertRowid } = insert.run(
      key,
      prev === undefined ? 1 : 0,
      prev?.createRevision ?? 0,
      prev?.id ?? 0,
      VALUE,
      prev === undefined ? null : VALUE,
    );
    commit.run();
    const id = Number(lastInsertRowid);
    newest.set(key, { id, createRevision: prev?.createRevision ?? id });
  }
  db.close();
  return rows / (RUN_MS / 1_000);
}

/** Creates of new keys by `clients` loops, each awaiting its write before the next. */
async function storeCreates(
  path: string,
  options: { readonly clients: number; readonly synchronous: Synchronous },
): Promise<number> {
  const store = await openSqliteBackend({ path, synchronous: options.synchronous });
  const end = performance.now() + RUN_MS;
  let writes = 0;
  await Promise.all(
    Array.from({ length: options.clients }, async (_, client) => {
      for (let n = 0; performance.now() < end; n++) {
        const result = await store.create(`/registry/pods/default/web-${client}-${n}`, VALUE);
        if (!result.ok) throw new Error(`Create failed: ${result.reason}`);
        writes++;
      }
    }),
  );
  await store.close();
  return writes / (RUN_MS / 1_000);
}

function printTable(figures: Record<string, number>): void {
  const width = Math.max(...Object.keys(figures).map((name) => name.length));
  for (const [name, value] of Object.entries(figures)) {
    const shown = value < 10 ? value.toFixed(2) : Math.round(value).toLocaleString("en-US");
    console.log(`${name.padEnd(width)}  ${shown.padStart(8)}`);
  }
}

if (require.main === module) {
  benchStore().then(printTable, (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
