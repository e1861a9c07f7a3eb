/**
 * Asks a running mini whether it is ready, as the admin: the request proves
 * both that the server holds this data dir's serving key and that it answers.
 */
import { get } from "node:https";
import type { IncomingMessage } from "node:http";
import type { Pki } from "../pki/index.js";
import { messageOf } from "../machinery/errors.js";

export type Readiness = { readonly ready: true } | { readonly ready: false; readonly reason: string };

export interface ProbeOptions {
  readonly pki: Pick<Pki, "ca" | "admin">;
  /** @default 2000 */
  readonly timeoutMs?: number;
}

/** GET `<url>/readyz`; ready on 200, otherwise the status and body, or the connection error. */
export async function probeReadyz(url: string, options: ProbeOptions): Promise<Readiness> {
  try {
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      get(`${url}/readyz`, {
        ca: options.pki.ca.cert,
        cert: options.pki.admin.cert,
        key: options.pki.admin.key,
        agent: false,
        signal: AbortSignal.timeout(options.timeoutMs ?? 2000),
      })
        .once("response", resolve)
        .once("error", reject);
    });
    let body = "";
    for await (const chunk of response) body += String(chunk);
    if (response.statusCode === 200) return { ready: true };
    return { ready: false, reason: `HTTP ${response.statusCode ?? "?"}: ${body.trim()}` };
  } catch (error: unknown) {
    return { ready: false, reason: messageOf(error) };
  }
}
