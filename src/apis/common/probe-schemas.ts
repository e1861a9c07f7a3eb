/**
 * Probes and lifecycle hooks: the exec, HTTP, TCP, gRPC and sleep handlers.
 */
import type { Schema } from "../types.js";
import { string, enumString, int32, int64, intOrString, object, describe, list } from "./schema-builders.js";

const execActionSchema = object({
  command: list({ type: "string" }, "Command and arguments; run directly, not in a shell; exit 0 is success.", { type: "atomic" }),
});

const httpHeaderSchema = object({
  name: string("Header name."),
  value: string("Header value."),
}, ["name", "value"]);

const httpGetActionSchema = object({
  path: string("Request path (default /)."),
  port: intOrString("Port number or name to connect to."),
  host: string("Host to connect to; defaults to the pod IP."),
  scheme: enumString(["HTTP", "HTTPS"], "HTTP (default) or HTTPS."),
  httpHeaders: list(httpHeaderSchema, "Extra request headers.", { type: "atomic" }),
}, ["port"]);

const tcpSocketActionSchema = object({
  port: intOrString("Port number or name to connect to."),
  host: string("Host to connect to; defaults to the pod IP."),
}, ["port"]);

const grpcActionSchema = object({
  port: int32("Port of the gRPC service."),
  service: string("Service name sent in the health check request.", { default: "" }),
}, ["port"]);

const sleepActionSchema = object({
  seconds: int64("Seconds to sleep."),
}, ["seconds"]);

const probeHandlerProperties: Record<string, Schema> = {
  exec: describe(execActionSchema, "Run a command in the container."),
  httpGet: describe(httpGetActionSchema, "Send an HTTP GET request."),
  tcpSocket: describe(tcpSocketActionSchema, "Open a TCP connection."),
  grpc: describe(grpcActionSchema, "Call the gRPC health check."),
};

export const probeSchema = object({
  ...probeHandlerProperties,
  initialDelaySeconds: int32("Seconds after start before the first check."),
  timeoutSeconds: int32("Seconds before a check times out (default 1)."),
  periodSeconds: int32("Seconds between checks (default 10)."),
  successThreshold: int32("Consecutive successes to count as passing (default 1; must be 1 for liveness and startup)."),
  failureThreshold: int32("Consecutive failures to count as failing (default 3)."),
  terminationGracePeriodSeconds: int64("Grace period used when this probe fails, overriding the pod's."),
});

const lifecycleHandlerSchema = object({
  exec: describe(execActionSchema, "Run a command in the container."),
  httpGet: describe(httpGetActionSchema, "Send an HTTP GET request."),
  tcpSocket: describe(tcpSocketActionSchema, "Deprecated; accepted but not run."),
  sleep: describe(sleepActionSchema, "Pause for a number of seconds."),
});

export const lifecycleSchema = object({
  postStart: describe(lifecycleHandlerSchema, "Action run right after the container is created."),
  preStop: describe(lifecycleHandlerSchema, "Action run before the container is stopped."),
});
