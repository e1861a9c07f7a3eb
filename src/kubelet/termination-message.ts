/**
 * Termination messages (terminationMessagePath): each container gets a
 * file of its own under `<pod dir>/containers/<name>/`, mounted at the
 * path the spec names (default /dev/termination-log); after the container
 * exits, the kubelet reads it into the terminated state's message. With
 * policy FallbackToLogsOnError, a failed container that wrote nothing
 * gets the tail of its log instead, as upstream.
 */
import { randomBytes } from "node:crypto";
import { mkdir, open, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Container } from "../apis/common/pod-types.js";
import type { ContainerStatus, Mount } from "./runtime.js";

/** Where the host side of the file is recorded on the container, to be found after a restart. */
export const MESSAGE_FILE_ANNOTATION = "mini.dev/termination-message-file";
export const MESSAGE_POLICY_ANNOTATION = "io.kubernetes.container.terminationMessagePolicy";
const MAX_MESSAGE_BYTES = 4096;
const FALLBACK_LINES = 80;
const FALLBACK_BYTES = 2048;

/** Creates the container's message file and returns its mount and annotations. */
export async function prepareMessageFile(podDir: string, container: Container): Promise<{ mount: Mount; annotations: Record<string, string> } | undefined> {
  const path = container.terminationMessagePath ?? "/dev/termination-log";
  if (!path) return undefined;
  const dir = join(podDir, "containers", container.name ?? "");
  await mkdir(dir, { recursive: true });
  const file = join(dir, randomBytes(4).toString("hex"));
  await (await open(file, "w", 0o666)).close();
  return {
    mount: { containerPath: path, hostPath: file, readonly: false },
    annotations: { [MESSAGE_FILE_ANNOTATION]: file, [MESSAGE_POLICY_ANNOTATION]: container.terminationMessagePolicy ?? "File" },
  };
}

/** The last lines of a CRI-format log (`<time> <stream> <P|F> <text>`), as plain text. */
export function logTail(text: string, lines: number, bytes: number): string {
  const content: string[] = [];
  // A P(artial) entry continues in the next one; F(ull) ends the line.
  let pending = "";
  for (const line of text.split("\n")) {
    const match = /^\S+ (?:stdout|stderr) ([PF]) (.*)$/.exec(line);
    if (!match) continue;
    pending += match[2] ?? "";
    if (match[1] === "F") {
      content.push(pending);
      pending = "";
    }
  }
  if (pending) content.push(pending);
  const tail = content.slice(-lines).join("\n");
  return tail.length > bytes ? tail.slice(tail.length - bytes) : tail;
}

/** The message of an exited container, or "" when it left none. */
export async function readTerminationMessage(status: ContainerStatus): Promise<string> {
  const file = status.annotations[MESSAGE_FILE_ANNOTATION];
  let message = "";
  if (file) message = (await readFile(file).catch(() => Buffer.alloc(0))).subarray(0, MAX_MESSAGE_BYTES).toString("utf8");
  if (message === "" && status.exitCode !== 0 && status.annotations[MESSAGE_POLICY_ANNOTATION] === "FallbackToLogsOnError" && status.logPath) {
    message = logTail(await readFile(status.logPath, "utf8").catch(() => ""), FALLBACK_LINES, FALLBACK_BYTES);
  }
  return message;
}
