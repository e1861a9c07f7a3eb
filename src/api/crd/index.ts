/**
 * Custom resources: the kinds CustomResourceDefinitions describe, served by
 * the API server from the moment a definition is stored.
 */
import type { Logger } from "../../log.js";
import type { Registry } from "../registry/index.js";
import { DefinitionController } from "./controller.js";

/** Serves every stored definition (resolves once they are served) and follows changes until `signal` aborts. */
export async function serveCustomResources(options: { registry: Registry; log: Logger; signal: AbortSignal }): Promise<void> {
  await new DefinitionController(options).start();
}
