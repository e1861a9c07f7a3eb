/**
 * A small HTTPS client for benchmarks: keep-alive sockets, the admin client
 * certificate, JSON in and out, and latency percentiles.
 */
import { Agent, request } from "node:https";
import type { IncomingMessage } from "node:http";

export interface Credentials {
  readonly ca: string;
  readonly cert: string;
  readonly key: string;
}

export class BenchClient {
  readonly #agent: Agent;
  readonly #credentials: Credentials;
  constructor(
    readonly baseUrl: string,
    credentials: Credentials,
    maxSockets = 16,
  ) {
    this.#credentials = credentials;
    this.#agent = new Agent({ keepAlive: true, maxSockets, ...credentials });
  }

  /** Sends a request and resolves with the status and body text. */
  send(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
    return new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const req = request(new URL(path, this.baseUrl), {
        method,
        agent: this.#agent,
        headers: { ...(payload ? { "Content-Type": "application/json" } : {}), ...headers },
      });
      req.on("response", (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", reject);
      });
      req.on("error", reject);
      req.end(payload);
    });
  }

  /** Opens a streaming GET (a watch) and hands every line to `onLine`. */
  stream(path: string, onLine: (line: string) => void): Promise<() => void> {
    return new Promise((resolve, reject) => {
      // Each watch holds its own connection, as separate clients would.
      const req = request(new URL(path, this.baseUrl), { method: "GET", agent: false, ...this.#credentials });
      req.on("response", (res: IncomingMessage) => {
        let buffered = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          buffered += chunk;
          let newline = buffered.indexOf("\n");
          while (newline >= 0) {
            onLine(buffered.slice(0, newline));
            buffered = buffered.slice(newline + 1);
            newline = buffered.indexOf("\n");
          }
        });
        resolve(() => req.destroy());
      });
      req.on("error", (error) => {
        if ((error as NodeJS.ErrnoException).code !== "ECONNRESET") reject(error);
      });
      req.end();
    });
  }

  close(): void {
    this.#agent.destroy();
  }
}

/** Runs `count` tasks with at most `concurrency` in flight; returns per-task latencies in ms. */
export async function runConcurrent(count: number, concurrency: number, task: (index: number) => Promise<void>): Promise<number[]> {
  const latencies: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      const start = performance.now();
      await task(index);
      latencies.push(performance.now() - start);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return latencies;
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}
