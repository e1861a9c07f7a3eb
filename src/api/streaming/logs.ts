/**
 * GET pods/{name}/log: the container's CRI log file (found through the
 * runtime's ContainerStatus), streamed as text/plain. Everything that can be
 * refused is refused before the headers leave, so failures are Status objects.
 */
import { open } from "node:fs/promises";
import { RESPONSE_ALREADY_SENT } from "@hono/node-server/utils/response";
import type { CriClient } from "../../cri/index.js";
import { badRequest } from "../../machinery/status.js";
import type { ResourceContext } from "../handlers/context.js";
import { parseLogOptions } from "./log-options.js";
import { streamLog } from "./log-stream.js";
import { chooseContainer, criContainerId, logContainerId, podNodeName } from "./pod-target.js";
import { requireRuntime, simulatedNode } from "./runtime-target.js";

async function logPathOf(cri: CriClient, containerId: string, described: string): Promise<string> {
  const status = await cri.containerStatus({ containerId });
  if (!status.ok) throw badRequest(`${described} is not available: ${status.error.message}`);
  const path = status.value.status?.logPath ?? "";
  if (path === "") throw badRequest(`${described} has no log file`);
  return path;
}

export async function getPodLogs(context: ResourceContext): Promise<Response> {
  const { info, query } = context;
  const options = parseLogOptions(info.name, query);
  const pod = (await context.store.get(info.namespace, info.name)).object;
  const container = chooseContainer(pod, options.container);
  // A pod no node has taken has no log yet: upstream answers with an empty body.
  if (podNodeName(pod) === "") return new Response("", { status: 200, headers: { "Content-Type": "text/plain" } });
  const described = `container "${container}" in pod "${info.name}"`;
  const containerId = criContainerId(logContainerId(pod, container, options.previous));
  if (containerId === undefined) throw simulatedNode(described);
  const cri = requireRuntime(context.cri, described);
  const path = await logPathOf(cri, containerId, described);
  const file = await open(path, "r").catch((error: unknown) => {
    throw badRequest(`failed to open log file "${path}" of ${described}: ${error instanceof Error ? error.message : String(error)}`);
  });

  const out = context.outgoing;
  out.writeHead(200, { "Content-Type": "text/plain", "Cache-Control": "no-cache, private" });
  // kubectl logs -f prints nothing until the headers arrive; send them before the first line.
  out.flushHeaders();
  const isRunning = async () => {
    const status = await cri.containerStatus({ containerId });
    return status.ok && status.value.status?.state === "CONTAINER_RUNNING";
  };
  const serve = async () => {
    try {
      await streamLog({ file, path, options, out, signal: context.signal, isRunning });
    } finally {
      out.end();
      await file.close();
    }
  };
  serve().catch((error: unknown) => {
    // The headers are out: the body just ends early, and our log says why.
    context.log?.error("log stream failed", { pod: `${info.namespace}/${info.name}`, container, error: error instanceof Error ? error.message : String(error) });
  });
  return RESPONSE_ALREADY_SENT;
}
