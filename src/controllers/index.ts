/**
 * The controllers mini runs, started together and stopped by one signal.
 * Each controller registers its informer handlers on the shared factory;
 * the factory then fills every cache once, and the workers start.
 */
import { InformerFactory, type Client } from "../client/index.js";
import type { Logger } from "../log.js";
import { NamespaceController } from "./namespace.js";

export interface ControllerContext {
  readonly client: Client;
  readonly informers: InformerFactory;
  readonly log: Logger;
  readonly signal: AbortSignal;
}

/** A controller's entry point: register handlers, then run its loop (via runController). */
export type ControllerStarter = (context: ControllerContext) => void;

const CONTROLLERS: readonly ControllerStarter[] = [];

export async function startControllers(client: Client, log: Logger, signal: AbortSignal): Promise<void> {
  const informers = new InformerFactory(client, log.child("informers"));
  for (const start of CONTROLLERS) start({ client, informers, log, signal });
  await informers.start(signal);
  await new NamespaceController(client, log.child("namespace-controller")).start(signal);
}
