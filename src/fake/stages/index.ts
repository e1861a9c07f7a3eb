/**
 * The default stages, bundled into the binary as text (no file is read at
 * run time) and loaded through the same loader as a `--stages` file, so
 * they are checked the same way and serve as its examples.
 */
import { loadStages } from "../load.js";
import type { Stage } from "../stage.js";
import { NODE_HEARTBEAT } from "./node-heartbeat.js";
import { NODE_INITIALIZE } from "./node-initialize.js";
import { POD_COMPLETE } from "./pod-complete.js";
import { POD_DELETE } from "./pod-delete.js";
import { POD_READY } from "./pod-ready.js";

/** All default stages as one stage file: what `--stages` replaces. */
export const DEFAULT_STAGES_TEXT = [NODE_INITIALIZE, NODE_HEARTBEAT, POD_READY, POD_COMPLETE, POD_DELETE].join("");

export interface DefaultStageOptions {
  /** How long a Job's pod runs before it completes. @default 5000 (the pod-complete stage's own delay) */
  readonly jobCompletionMs?: number;
}

export function defaultStages(options: DefaultStageOptions = {}): readonly Stage[] {
  const loaded = loadStages(DEFAULT_STAGES_TEXT);
  // The defaults are ours and tested; failing to load them is a bug, not a user error.
  if (!loaded.ok) throw new Error(`The default stages are invalid: ${loaded.errors.join("; ")}`);
  const { jobCompletionMs } = options;
  if (jobCompletionMs === undefined) return loaded.stages;
  return loaded.stages.map((stage) =>
    stage.name === "pod-complete" ? { ...stage, delay: { durationMilliseconds: jobCompletionMs } } : stage,
  );
}
