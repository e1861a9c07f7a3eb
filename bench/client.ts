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
  constructor(
    readonly baseUrl: string,
    credentials: Credentials,
    maxSockets = 16,
  ) {
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

  close(): void {
    this.#agent.destroy();
  }
}

/** The body of a response with the status wanted; any other status is an error. */
export async function check(response: Promise<{ status: number; text: string }>, want: number): Promise<string> {
  const { status, text } = await response;
  if (status !== want) throw new Error(`Expected HTTP ${want}, got ${status}: ${text.slice(0, 300)}`);
  return text;
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
