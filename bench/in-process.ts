/**
 * A mini started inside the benchmark's own process, on a temporary data
 * dir, with an admin client: for figures about the API server alone, with no
 * process boundary or controllers' start-up in the way.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensurePki } from "../src/pki/index.js";
import { startMini } from "../src/server.js";
import { BenchClient, type Credentials } from "./client.js";

/** What kubectl asks for when it prints a list. */
export const TABLE_ACCEPT = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json";

/** Runs `measure` against a fresh in-process mini, then stops it and removes its data dir. */
export async function withInProcessMini<T>(measure: (client: BenchClient, credentials: Credentials) => Promise<T>): Promise<T> {
  const dataDir = mkdtempSync(join(tmpdir(), "mini-bench-"));
  const pki = await ensurePki(dataDir);
  if (!pki.ok) throw pki.error;
  const { ca, server, admin } = pki.value.pki;
  const mini = await startMini({ dataDir, host: "127.0.0.1", port: 0, verbose: false, tls: { ca: ca.cert, cert: server.cert, key: server.key } });
  const credentials: Credentials = { ca: ca.cert, cert: admin.cert, key: admin.key };
  const client = new BenchClient(mini.url, credentials);
  try {
    return await measure(client, credentials);
  } finally {
    client.close();
    await mini.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
