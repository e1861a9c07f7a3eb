/**
 * The server's `upgrade` event: exec, attach and port-forward requests
 * (WebSocket or SPDY/3.1) are authenticated like any request, checked
 * against the pod, given a fresh stream URL by the runtime, and proxied
 * byte for byte to containerd's stream server. Failures before the proxy
 * starts are answered with a Status, as any API error.
 */
import { STATUS_CODES, type IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { CriClient } from "../../cri/index.js";
import { ApiError } from "../../machinery/status.js";
import { authenticate, type BearerAuthenticator } from "../authn.js";
import type { Registry } from "../registry/index.js";
import { parseRequestInfo } from "../request-info.js";
import { dialStreamServer, pipeStreams } from "./byte-proxy.js";
import { isStreamKind, streamUrl } from "./stream-url.js";

export interface StreamUpgradeOptions {
  readonly registry: Registry;
  readonly bearer: BearerAuthenticator;
  /** The node's runtime; absent when mini runs none. */
  readonly cri: CriClient | undefined;
  readonly log: { debug(message: string, fields?: Record<string, unknown>): void; error(message: string, fields?: Record<string, unknown>): void };
}

export interface StreamUpgrades {
  /** The listener for the HTTPS server's `upgrade` event. */
  readonly handle: (request: IncomingMessage, socket: Duplex, head: Buffer) => void;
  /** Ends every open stream (the server is shutting down). */
  closeAll(): void;
}

function refuse(socket: Duplex, error: ApiError): void {
  if (socket.destroyed) return;
  const body = JSON.stringify(error.status);
  socket.end(
    `HTTP/1.1 ${error.code} ${STATUS_CODES[error.code] ?? ""}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

function asApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError("InternalError", `Internal error occurred: ${error instanceof Error ? error.message : String(error)}`);
}

export function createStreamUpgrades(options: StreamUpgradeOptions): StreamUpgrades {
  const { registry, cri, log } = options;
  const open = new Set<Duplex>();

  async function connectStream(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    await authenticate(request, options.bearer);
    const url = new URL(request.url ?? "/", "https://mini");
    const info = parseRequestInfo(request.method ?? "GET", url.pathname, url.searchParams);
    const pods = registry.lookup("", "v1", "pods");
    if (!info.isResourceRequest || info.group !== "" || info.resource !== "pods" || !pods || !isStreamKind(info.subresource) || info.name === "") {
      throw new ApiError("NotFound", "the server could not find the requested resource");
    }
    if (info.verb !== "get" && info.verb !== "create") {
      throw new ApiError("MethodNotAllowed", `the server does not allow this method on the requested resource (${info.verb} pods/${info.subresource})`);
    }
    const pod = (await pods.get(info.namespace, info.name)).object;
    const target = await streamUrl(info.subresource, pod, url.searchParams, cri);
    const upstream = await dialStreamServer(target);
    if (!upstream.ok) throw new ApiError("InternalError", `Internal error occurred: cannot reach the container runtime's stream server: ${upstream.message}`);
    if (socket.destroyed) {
      upstream.socket.destroy();
      return;
    }
    log.debug("stream proxied", { kind: info.subresource, pod: `${info.namespace}/${info.name}`, protocol: request.headers.upgrade });
    pipeStreams(request, socket, head, upstream.socket, target);
  }

  return {
    handle(request, socket, head) {
      open.add(socket);
      socket.once("close", () => open.delete(socket));
      // A client that drops the connection before the proxy starts must not take the server down.
      socket.on("error", () => socket.destroy());
      connectStream(request, socket, head).catch((error: unknown) => {
        const apiError = asApiError(error);
        if (apiError.code >= 500) log.error("stream request failed", { path: request.url, error: apiError.message });
        refuse(socket, apiError);
      });
    },
    closeAll() {
      for (const socket of open) socket.destroy();
    },
  };
}
