/**
 * One probe attempt by its handler (exec, httpGet, tcpSocket, grpc), with
 * upstream's outcome rules and failure messages: exec succeeds on exit 0,
 * httpGet on a status from 200 to 399, tcpSocket on a connection, grpc on
 * SERVING. The same handlers run lifecycle hooks.
 */
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { connect } from "node:net";
import type { Container, Handler, IntOrString } from "../../apis/common/pod-types.js";
import type { KubeletRuntime } from "../runtime.js";
import { grpcHealthCheck } from "./grpc-health.js";

export interface ProbeTarget {
  readonly runtime: KubeletRuntime;
  readonly containerId: string;
  readonly container: Container;
  /** Where httpGet, tcpSocket and grpc connect unless the handler names a host. */
  readonly podIP: string;
  readonly timeoutSeconds: number;
}

export interface ProbeOutcome {
  readonly ok: boolean;
  /** What failed, as upstream words it; for exec, the command's output. */
  readonly message: string;
}

/** A named port resolves through the container's ports, as upstream allows. */
export function resolvePort(port: IntOrString | undefined, container: Container): number | undefined {
  if (typeof port === "number") return port;
  if (port === undefined) return undefined;
  if (/^\d+$/.test(port)) return Number(port);
  return container.ports?.find((p) => p.name === port)?.containerPort;
}

function hostOf(host: string | undefined, target: ProbeTarget): string {
  return host || target.podIP || "127.0.0.1";
}

async function execProbe(command: readonly string[], target: ProbeTarget): Promise<ProbeOutcome> {
  const result = await target.runtime.execSync(target.containerId, command, target.timeoutSeconds);
  const output = Buffer.concat([result.stdout, result.stderr]).toString("utf8").slice(0, 10 * 1024);
  if (result.exitCode === 0) return { ok: true, message: output };
  return { ok: false, message: output || `command ${JSON.stringify(command.join(" "))} exited with ${result.exitCode}` };
}

function httpProbe(handler: NonNullable<Handler["httpGet"]>, port: number, target: ProbeTarget): Promise<ProbeOutcome> {
  const https = (handler.scheme ?? "HTTP").toUpperCase() === "HTTPS";
  const host = hostOf(handler.host, target);
  const path = handler.path ? (handler.path.startsWith("/") ? handler.path : `/${handler.path}`) : "/";
  const headers: Record<string, string> = { "User-Agent": "kube-probe/1.32", Accept: "*/*" };
  for (const header of handler.httpHeaders ?? []) if (header.name) headers[header.name] = header.value ?? "";
  const url = `${https ? "https" : "http"}://${host.includes(":") ? `[${host}]` : host}:${port}${path}`;
  return new Promise((resolve) => {
    const request = (https ? httpsRequest : httpRequest)(url, { method: "GET", headers, timeout: target.timeoutSeconds * 1000, rejectUnauthorized: false }, (response) => {
      response.resume();
      const code = response.statusCode ?? 0;
      if (code >= 200 && code < 400) resolve({ ok: true, message: "" });
      else resolve({ ok: false, message: `HTTP probe failed with statuscode: ${code}` });
    });
    request.on("timeout", () => request.destroy(new Error(`Get "${url}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`)));
    request.on("error", (error) => resolve({ ok: false, message: error.message.startsWith("Get ") ? error.message : `Get "${url}": ${error.message}` }));
    request.end();
  });
}

function tcpProbe(host: string, port: number, timeoutSeconds: number): Promise<ProbeOutcome> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.setTimeout(timeoutSeconds * 1000);
    socket.once("connect", () => {
      socket.destroy();
      resolve({ ok: true, message: "" });
    });
    socket.once("timeout", () => {
      socket.destroy();
      resolve({ ok: false, message: `dial tcp ${host}:${port}: i/o timeout` });
    });
    socket.once("error", (error: NodeJS.ErrnoException) => resolve({ ok: false, message: `dial tcp ${host}:${port}: connect: ${error.code === "ECONNREFUSED" ? "connection refused" : error.message}` }));
  });
}

export async function runHandler(handler: Handler, target: ProbeTarget): Promise<ProbeOutcome> {
  try {
    if (handler.exec) return await execProbe(handler.exec.command ?? [], target);
    if (handler.httpGet) {
      const port = resolvePort(handler.httpGet.port, target.container);
      if (port === undefined) return { ok: false, message: `unknown port ${JSON.stringify(handler.httpGet.port)}` };
      return await httpProbe(handler.httpGet, port, target);
    }
    if (handler.tcpSocket) {
      const port = resolvePort(handler.tcpSocket.port, target.container);
      if (port === undefined) return { ok: false, message: `unknown port ${JSON.stringify(handler.tcpSocket.port)}` };
      return await tcpProbe(hostOf(handler.tcpSocket.host, target), port, target.timeoutSeconds);
    }
    if (handler.grpc) return await grpcHealthCheck(`${hostOf(undefined, target)}:${handler.grpc.port ?? 0}`, handler.grpc.service ?? "", target.timeoutSeconds * 1000);
    if (handler.sleep) {
      await new Promise((resolve) => setTimeout(resolve, (handler.sleep?.seconds ?? 0) * 1000));
      return { ok: true, message: "" };
    }
    return { ok: false, message: "missing probe handler" };
  } catch (error: unknown) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}
