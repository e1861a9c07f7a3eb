/**
 * The controllers mini runs, started together and stopped by one signal.
 */
import type { Client } from "../client/index.js";
import type { Logger } from "../log.js";
import { NamespaceController } from "./namespace.js";

export async function startControllers(client: Client, log: Logger, signal: AbortSignal): Promise<void> {
  await new NamespaceController(client, log.child("namespace-controller")).start(signal);
}
