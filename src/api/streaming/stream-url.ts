/**
 * Asks the runtime where to stream an exec, attach or port-forward: the
 * CRI call answers with a one-time URL on containerd's stream server. Each
 * connection attempt needs its own URL, because a token is spent by the
 * first request that uses it, even a refused one.
 */
import type { KubeObject } from "../../apis/types.js";
import type { CriClient, CriResult } from "../../cri/index.js";
import { POD_UID_LABEL } from "../../kubelet/labels.js";
import { ApiError, badRequest } from "../../machinery/status.js";
import { chooseContainer, criContainerId, isSimulated, podNodeName, runningContainerId } from "./pod-target.js";
import { requireRuntime, simulatedNode } from "./runtime-target.js";

export type StreamKind = "exec" | "attach" | "portforward";

export function isStreamKind(subresource: string): subresource is StreamKind {
  return subresource === "exec" || subresource === "attach" || subresource === "portforward";
}

function flag(query: URLSearchParams, name: string): boolean {
  const value = query.get(name);
  return value === "true" || value === "1";
}

function ports(query: URLSearchParams): number[] {
  // kubectl sends none (the ports travel in stream headers); other clients may send `ports=80,443` or repeat it.
  const values = query.getAll("ports").flatMap((v) => v.split(",")).map((v) => v.trim()).filter((v) => v !== "");
  return values.map((text) => {
    const port = Number(text);
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw badRequest(`invalid port "${text}": it must be between 1 and 65535`);
    return port;
  });
}

function urlOf(result: CriResult<{ url: string }>, described: string): URL {
  if (!result.ok) {
    // The runtime checks the stream flags itself (e.g. tty with stderr); its refusal is the client's error.
    if (result.error.code === "INVALID_ARGUMENT") throw badRequest(result.error.message);
    throw new ApiError("InternalError", `Internal error occurred: ${described}: ${result.error.message}`);
  }
  return new URL(result.value.url);
}

async function sandboxOf(cri: CriClient, pod: KubeObject): Promise<string> {
  const described = `pod not found ("${pod.metadata.name ?? ""}_${pod.metadata.namespace ?? ""}")`;
  const listed = await cri.listPodSandbox({ filter: { labelSelector: { [POD_UID_LABEL]: pod.metadata.uid ?? "" }, state: { state: "SANDBOX_READY" } } });
  if (!listed.ok) throw new ApiError("InternalError", `Internal error occurred: ${listed.error.message}`);
  const sandbox = listed.value.items[0];
  if (!sandbox) throw badRequest(described);
  return sandbox.id;
}

/** The stream server URL for this request (a fresh token). */
export async function streamUrl(kind: StreamKind, pod: KubeObject, query: URLSearchParams, cri: CriClient | undefined): Promise<URL> {
  const podName = pod.metadata.name ?? "";
  if (podNodeName(pod) === "") throw badRequest(`pod ${podName} does not have a host assigned`);
  if (kind === "portforward") {
    if (isSimulated(pod)) throw simulatedNode(`pod "${podName}"`);
    const client = requireRuntime(cri, `pod "${podName}"`);
    return urlOf(await client.portForward({ podSandboxId: await sandboxOf(client, pod), port: ports(query) }), `port-forward to pod "${podName}"`);
  }
  const container = chooseContainer(pod, query.get("container") ?? "");
  const described = `container "${container}" in pod "${podName}"`;
  const containerId = criContainerId(runningContainerId(pod, container));
  if (containerId === undefined) throw simulatedNode(described);
  const client = requireRuntime(cri, described);
  const streams = { stdin: flag(query, "stdin"), stdout: flag(query, "stdout"), stderr: flag(query, "stderr"), tty: flag(query, "tty") };
  if (!streams.stdin && !streams.stdout && !streams.stderr) throw badRequest("you must specify at least one of stdin, stdout, stderr");
  if (kind === "attach") return urlOf(await client.attach({ containerId, ...streams }), `attach to ${described}`);
  const command = query.getAll("command");
  if (command.length === 0) throw badRequest("you must specify at least 1 command");
  return urlOf(await client.exec({ containerId, cmd: command, ...streams }), `exec in ${described}`);
}
