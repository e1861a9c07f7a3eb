/**
 * The CLI: `mini <command> [flags]`, one file per command. Returns the exit
 * code rather than exiting, so the caller (src/cli/entry.ts) decides how the
 * process ends.
 */
import { EXIT } from "./command.js";
import type { Command } from "./command.js";
import { down } from "./down.js";
import { helpCommand, overview } from "./help.js";
import { image } from "./image.js";
import { kubeconfig } from "./kubeconfig.js";
import { status } from "./status.js";
import { up } from "./up.js";
import { version } from "./version.js";

const help = helpCommand([up, down, status, kubeconfig, image, version]);
const COMMANDS: readonly Command[] = [up, down, status, kubeconfig, image, version, help];

/** Runs `argv` (the arguments after the program name) and resolves to the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined) {
    process.stderr.write(overview(COMMANDS));
    return EXIT.usage;
  }
  const command = COMMANDS.find((each) => each.name === name) ?? aliases(name);
  if (command === undefined) {
    const what = name.startsWith("-") ? "flag" : "command";
    process.stderr.write(`mini: unknown ${what} ${JSON.stringify(name)}\nRun 'mini help' for usage.\n`);
    return EXIT.usage;
  }
  try {
    return await command.run(args);
  } catch (error: unknown) {
    // Commands answer the failures they expect. What reaches here is either the
    // system refusing (EACCES, ENOSPC…: its message says enough) or a bug, whose stack shows where.
    const detail = isSystemError(error) ? error.message : error instanceof Error ? error.stack : String(error);
    process.stderr.write(`mini ${command.name}: ${detail}\n`);
    return EXIT.failure;
  }
}

function isSystemError(error: unknown): error is Error {
  return error instanceof Error && "syscall" in error && typeof error.syscall === "string";
}

function aliases(flag: string): Command | undefined {
  if (flag === "--version") return version;
  if (flag === "--help" || flag === "-h") return help;
  return undefined;
}
