/**
 * One watch stream read by the benchmark, as a separate client would: each
 * event goes to a handler, and `until` resolves at the moment a condition
 * over what the handler recorded first holds. Timings come from when the
 * events arrive here, so they include the server's watch delivery.
 */
import type { ClientRequest } from "node:http";
import { request } from "node:https";
import type { Credentials } from "./client.js";

export interface WatchObject {
  readonly metadata: { readonly name?: string };
  readonly spec?: Record<string, unknown>;
  readonly status?: Record<string, unknown>;
}

export interface WatchEvent {
  readonly type: "ADDED" | "MODIFIED" | "DELETED" | "BOOKMARK" | "ERROR";
  readonly object: WatchObject;
}

interface Waiter {
  readonly holds: () => boolean;
  readonly resolve: (at: number) => void;
  readonly reject: (error: Error) => void;
}

export class WatchStream {
  readonly #request: ClientRequest;
  readonly #waiters = new Set<Waiter>();
  #failure: Error | undefined;
  #closed = false;

  /** Opens `path` (a list path; `watch=true` is added) on the server at `baseUrl` and hands every event to `onEvent`. */
  constructor(path: string, { baseUrl, credentials, onEvent }: { baseUrl: string; credentials: Credentials; onEvent: (event: WatchEvent) => void }) {
    const url = new URL(path, baseUrl);
    url.searchParams.set("watch", "true");
    url.searchParams.set("timeoutSeconds", "3600");
    this.#request = request(url, { method: "GET", agent: false, ...credentials }, (res) => {
      if (res.statusCode !== 200) {
        this.#fail(new Error(`Watch ${path} answered HTTP ${res.statusCode}`));
        res.resume();
        return;
      }
      let buffered = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        buffered += chunk;
        let newline = buffered.indexOf("\n");
        while (newline >= 0) {
          const event = JSON.parse(buffered.slice(0, newline)) as WatchEvent;
          buffered = buffered.slice(newline + 1);
          if (event.type === "ERROR") this.#fail(new Error(`Watch ${path} ended with ${JSON.stringify(event.object)}`));
          else onEvent(event);
          newline = buffered.indexOf("\n");
        }
        this.#check();
      });
      res.on("end", () => this.#fail(new Error(`Watch ${path} ended early`)));
    });
    this.#request.on("error", (error: Error) => this.#fail(error));
    this.#request.end();
  }

  /**
   * Resolves with the time (performance.now()) at which `holds` first returns true after an event,
   * or at once if it holds already; rejects after `timeoutMs` (saying `progress()` then) or if the
   * stream fails.
   */
  until(what: string, holds: () => boolean, { timeoutMs, progress }: { timeoutMs: number; progress: () => string }): Promise<number> {
    if (this.#failure) return Promise.reject(this.#failure);
    if (holds()) return Promise.resolve(performance.now());
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters.delete(waiter);
        reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what} (${progress()} by then)`));
      }, timeoutMs);
      const waiter: Waiter = {
        holds,
        resolve: (at) => {
          clearTimeout(timer);
          resolve(at);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      this.#waiters.add(waiter);
    });
  }

  close(): void {
    this.#closed = true;
    this.#request.destroy();
  }

  #check(): void {
    const now = performance.now();
    for (const waiter of this.#waiters) {
      if (!waiter.holds()) continue;
      this.#waiters.delete(waiter);
      waiter.resolve(now);
    }
  }

  #fail(error: Error): void {
    if (this.#closed) return;
    this.#failure ??= error;
    for (const waiter of this.#waiters) waiter.reject(error);
    this.#waiters.clear();
  }
}
