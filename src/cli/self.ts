/**
 * How to start this same mini again, for `up --detach`: the executable
 * alone inside a single executable application, otherwise node with its own
 * flags (a loader such as `--import tsx` must carry over) and the script.
 */
import type * as Sea from "node:sea";
import { hasCode } from "../machinery/errors.js";

export interface Invocation {
  readonly command: string;
  readonly args: readonly string[];
}

export function selfInvocation(): Invocation {
  if (isSea()) return { command: process.execPath, args: [] };
  const script = process.argv[1];
  if (script === undefined) throw new Error("Cannot tell which script is running (process.argv[1] is empty)");
  return { command: process.execPath, args: [...process.execArgv, script] };
}

function isSea(): boolean {
  // node:sea arrived in Node 20.12; on older releases nothing can be a SEA.
  let sea: typeof Sea;
  try {
    sea = require("node:sea") as typeof Sea;
  } catch (error: unknown) {
    if (hasCode(error, "ERR_UNKNOWN_BUILTIN_MODULE")) return false;
    throw error;
  }
  return sea.isSea();
}
