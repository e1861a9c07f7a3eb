/**
 * Makes committed transactions durable off the event loop: fdatasync of the
 * WAL file on libuv's thread pool.
 *
 * SQLite runs with `synchronous = NORMAL`, so COMMIT only writes the WAL
 * frames into the page cache, which a `kill -9` of the process cannot lose;
 * this then flushes them to the disk, which a power loss cannot lose either,
 * before any write of the batch is acknowledged. That is what `FULL` promises,
 * but `FULL` fsyncs inside COMMIT, on the event loop, where each fsync
 * (0.2–2 ms on a busy disk) stalls every request and watch.
 *
 * Why NORMAL plus our own fdatasync is as safe as FULL for acknowledged
 * writes: a WAL commit is a sequence of frames ending in a commit frame, and
 * fdatasync returns only once every frame written before the call is on the
 * disk. SQLite still syncs the WAL before each checkpoint and the database
 * after it, and only rewinds the WAL after a complete checkpoint, so an
 * interrupted flush can lose only transactions nobody was told about yet.
 * FULL's one extra step, syncing a rewound WAL's header before its first
 * frame, protects those same unacknowledged transactions.
 */
import { closeSync, fdatasync, fsyncSync, openSync } from "node:fs";
import { dirname } from "node:path";

export class WalSync {
  readonly #walPath: string;
  #fd: number | undefined;
  /** Settles once every sync started so far has, so close() can wait for them. */
  #pending: Promise<void> = Promise.resolve();

  constructor(databasePath: string) {
    this.#walPath = `${databasePath}-wal`;
  }

  /** Resolves once everything written to the WAL before the call is on the disk. */
  sync(): Promise<void> {
    const fd = this.#open();
    const flushed = new Promise<void>((resolve, reject) => {
      fdatasync(fd, (error) => (error ? reject(new Error(`Could not flush ${this.#walPath} to disk`, { cause: error })) : resolve()));
    });
    this.#pending = Promise.all([this.#pending, flushed.catch(() => undefined)]).then(() => undefined);
    return flushed;
  }

  /** Waits for the sync in flight, then lets go of the file. */
  async close(): Promise<void> {
    await this.#pending;
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
  }

  /**
   * Opens the WAL at the first sync (SQLite creates it at the first write; it
   * keeps it, never replacing it, until the connection closes). The directory
   * is synced once too, so the WAL's own directory entry survives a power loss:
   * under NORMAL, SQLite would do that only at its first checkpoint.
   */
  #open(): number {
    if (this.#fd !== undefined) return this.#fd;
    this.#fd = openSync(this.#walPath, "r");
    const directory = openSync(dirname(this.#walPath), "r");
    try {
      fsyncSync(directory);
    } finally {
      closeSync(directory);
    }
    return this.#fd;
  }
}
