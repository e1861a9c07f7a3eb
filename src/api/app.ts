/**
 * The HTTP surface: authentication, then either a resource request routed
 * to its handler, or discovery, OpenAPI, health and version. Every failure
 * leaves as a Kubernetes Status object.
 */
import { Hono } from "hono";
import type { ServerResponse } from "node:http";
import type { HttpBindings } from "@hono/node-server";
import { ApiError } from "../machinery/status.js";
import { authenticate } from "./authn.js";
import { ApiMetrics, METRICS_CONTENT_TYPE } from "./metrics.js";
import { attachTokens, type ServiceAccountTokens } from "./service-account-tokens.js";
import { dispatch } from "./handlers/dispatch.js";
import { healthResponse, SERVER_VERSION, type HealthCheck } from "./health.js";
import { parseRequestInfo, type RequestInfo } from "./request-info.js";
import type { Registry } from "./registry/index.js";
import type { CriClient } from "../cri/index.js";
import { jsonResponse, statusResponse } from "./respond.js";
import { serveDiscovery } from "./discovery-routes.js";

export interface Logger {
  error(message: string, fields?: Record<string, unknown>): void;
  debug(message: string, fields?: Record<string, unknown>): void;
}

export interface ApiAppOptions {
  readonly registry: Registry;
  readonly healthChecks: Readonly<Record<string, HealthCheck>>;
  readonly log: Logger;
  /** host:port clients use, reported in `/api` discovery. */
  readonly serverAddress: string;
  /** Issues and checks service account tokens (serviceaccounts/token, Bearer authentication). */
  readonly tokens: ServiceAccountTokens;
  /** The node's container runtime, read by pods/log; absent when mini runs none. */
  readonly cri?: CriClient | undefined;
}

type ApiEnv = { Bindings: HttpBindings; Variables: { info: RequestInfo } };

function notFoundStatus(): ApiError {
  return new ApiError("NotFound", "the server could not find the requested resource");
}

/**
 * The AbortSignal of a request, fired when the client goes away before its response is
 * complete. Made when a handler first asks for it: most never do (only streams do), and
 * aborting a controller after every finished response cost a DOMException per request.
 */
function lazyClientSignal(outgoing: ServerResponse): () => AbortSignal {
  let signal: AbortSignal | undefined;
  return () => {
    if (!signal) {
      const controller = new AbortController();
      const onClose = (): void => {
        if (!outgoing.writableFinished) controller.abort();
      };
      if (outgoing.closed) onClose();
      else outgoing.once("close", onClose);
      signal = controller.signal;
    }
    return signal;
  };
}

export function createApiApp(options: ApiAppOptions): Hono<ApiEnv> {
  const { registry, log, tokens } = options;
  const app = new Hono<ApiEnv>();
  const metrics = new ApiMetrics();
  attachTokens(registry, tokens);
  const bearer = (token: string) => tokens.authenticate(token);

  app.onError((error, c) => {
    if (error instanceof ApiError) return statusResponse(error);
    log.error("request failed", { method: c.req.method, path: c.req.path, error: error instanceof Error ? error.stack ?? error.message : String(error) });
    const status = new ApiError("InternalError", `Internal error occurred: ${error instanceof Error ? error.message : String(error)}`).status;
    return jsonResponse(500, status);
  });

  app.use("*", async (c, next) => {
    const started = performance.now();
    let code: number | undefined;
    try {
      await authenticate(c.env.incoming, bearer);
      await next();
    } catch (error: unknown) {
      code = error instanceof ApiError ? error.code : 500;
      throw error;
    } finally {
      const info = c.get("info") ?? parseRequestInfo(c.req.method, c.req.path, new URLSearchParams());
      metrics.recordRequest(info, c.req.method, code ?? c.res.status, (performance.now() - started) / 1000);
      if (info.isResourceRequest && info.verb === "watch" && code === undefined && c.res.status === 200) c.env.outgoing.once("close", metrics.watchStarted(info, c.req.method));
    }
  });

  app.all("*", async (c) => {
    const url = new URL(c.req.url);
    const info = parseRequestInfo(c.req.method, url.pathname, url.searchParams);
    c.set("info", info);
    if (info.isResourceRequest) {
      const store = registry.lookup(info.group, info.version, info.resource);
      if (!store) throw notFoundStatus();
      if (!store.kind.namespaced && info.namespace && info.resource !== "namespaces") throw notFoundStatus();
      const signal = lazyClientSignal(c.env.outgoing);
      return dispatch({
        registry,
        store,
        info,
        query: url.searchParams,
        request: c.req.raw,
        get signal() {
          return signal();
        },
        outgoing: c.env.outgoing,
        cri: options.cri,
        log,
      });
    }
    const path = url.pathname.replace(/\/+$/, "") || "/";
    const verbose = url.searchParams.has("verbose");
    switch (path) {
      case "/version":
        return jsonResponse(200, SERVER_VERSION);
      case "/metrics":
        return new Response(await metrics.render(registry), { status: 200, headers: { "Content-Type": METRICS_CONTENT_TYPE } });
      case "/.well-known/openid-configuration":
        return jsonResponse(200, tokens.openIdConfiguration());
      case "/openid/v1/jwks":
        return new Response(JSON.stringify(tokens.jwks()), { status: 200, headers: { "Content-Type": "application/jwk-set+json" } });
      case "/healthz":
      case "/livez":
      case "/readyz":
        return healthResponse(options.healthChecks, verbose, path.slice(1));
      default: {
        const served = serveDiscovery(registry, path, c.req.header("accept"), options.serverAddress);
        if (served) return served;
        throw notFoundStatus();
      }
    }
  });
  return app;
}
