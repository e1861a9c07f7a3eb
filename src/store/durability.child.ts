/**
 * Run by durability.test.ts as a child process: opens the store at argv[2]
 * and writes until killed, printing each write once it is acknowledged
 * (its promise resolved). Lines: `ready`, `created <key>`, `counter <writer> <n>`.
 */
import { openSqliteBackend } from "./index.js";

const WRITERS = 8;
const VALUE = JSON.stringify({ kind: "ConfigMap", data: { payload: "x".repeat(1_000) } });

async function main(path: string): Promise<void> {
  const store = await openSqliteBackend({ path });
  console.log("ready");
  await Promise.all(
    Array.from({ length: WRITERS }, async (_, writer) => {
      const counterKey = `/durable/counter-${writer}`;
      const counter = await store.create(counterKey, "0");
      if (!counter.ok) throw new Error(`Could not create ${counterKey}`);
      let revision = counter.kv.modRevision;
      for (let n = 1; ; n++) {
        const key = `/durable/${writer}/${n}`;
        if (!(await store.create(key, VALUE)).ok) throw new Error(`Could not create ${key}`);
        console.log(`created ${key}`);
        const updated = await store.update(counterKey, String(n), revision);
        if (!updated.ok) throw new Error(`Could not update ${counterKey}`);
        revision = updated.kv.modRevision;
        console.log(`counter ${writer} ${n}`);
      }
    }),
  );
}

const path = process.argv[2];
if (path === undefined) throw new Error("Usage: durability.child.ts <database file>");
main(path).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
