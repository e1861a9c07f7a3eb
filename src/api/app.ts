/**
 * The HTTP surface: authentication, then either a resource request routed
 * to its handler, or discovery, OpenAPI, health and version. Every failure
 * leaves as a Kubernetes Status object.
 */
import { Hono } from "hono";
import type { HttpBindings } from "@hono/node-server";
import { ApiError } from "../machinery/status.js";
import { authenticate } from "./authn.js";
import { dispatch } from "./handlers/dispatch.js";
import { healthResponse, SERVER_VERSION, type HealthCheck } from "./health.js";
import { parseRequestInfo } from "./request-info.js";
import type { Registry } from "./registry/index.js";
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
}

function notFoundStatus(): ApiError {
  return new ApiError("NotFound", "the server could not find the requested resource");
}

/** An AbortSignal that fires when the client's connection goes away. */
function clientSignal(env: HttpBindings): AbortSignal {
  const controller = new AbortController();
  env.outgoing.once("close", () => controller.abort());
  return controller.signal;
}

export function createApiApp(options: ApiAppOptions): Hono<{ Bindings: HttpBindings }> {
  const { registry, log } = options;
  const app = new Hono<{ Bindings: HttpBindings }>();

  app.onError((error, c) => {
    if (error instanceof ApiError) return statusResponse(error);
    log.error("request failed", { method: c.req.method, path: c.req.path, error: error instanceof Error ? error.stack ?? error.message : String(error) });
    const status = new ApiError("InternalError", `Internal error occurred: ${error instanceof Error ? error.message : String(error)}`).status;
    return jsonResponse(500, status);
  });

  app.use("*", async (c, next) => {
    authenticate(c.env.incoming);
    await next();
  });

  app.all("*", async (c) => {
    const url = new URL(c.req.url);
    const info = parseRequestInfo(c.req.method, url.pathname, url.searchParams);
    if (info.isResourceRequest) {
      const store = registry.lookup(info.group, info.version, info.resource);
      if (!store) throw notFoundStatus();
      if (!store.kind.namespaced && info.namespace && info.resource !== "namespaces") throw notFoundStatus();
      return dispatch({ registry, store, info, query: url.searchParams, request: c.req.raw, signal: clientSignal(c.env), outgoing: c.env.outgoing });
    }
    const path = url.pathname.replace(/\/+$/, "") || "/";
    const verbose = url.searchParams.has("verbose");
    switch (path) {
      case "/version":
        return jsonResponse(200, SERVER_VERSION);
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
