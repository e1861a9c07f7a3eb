/**
 * What a command is, and the one place flags are parsed: strict, with a
 * usage error (exit code 2) for anything unknown, and `--help` on every
 * command.
 */
import { parseArgs } from "node:util";
import type { ParseArgsConfig } from "node:util";

/** Exit codes every command shares; `notRunning` is the LSB status code for a stopped service. */
export const EXIT = { ok: 0, failure: 1, usage: 2, notRunning: 3 } as const;

export interface Command {
  readonly name: string;
  /** One line for `mini help`. */
  readonly summary: string;
  /** The text `mini <name> --help` prints. */
  readonly usage: string;
  run(args: readonly string[]): Promise<number>;
}

type OptionsConfig = NonNullable<ParseArgsConfig["options"]>;

/** The parsed flag values of an options table, typed as `parseArgs` types them. */
export type FlagValues<O extends OptionsConfig> = ReturnType<
  typeof parseArgs<{ options: O & typeof HELP_OPTION; strict: true; allowPositionals: false }>
>["values"];

const HELP_OPTION = { help: { type: "boolean", short: "h" } } as const;

export interface CommandSpec<O extends OptionsConfig> extends Omit<Command, "run"> {
  readonly options: O;
  run(flags: FlagValues<O>): Promise<number>;
}

/** A command whose `run` receives its parsed flags; `--help` and usage errors are handled here. */
export function defineCommand<const O extends OptionsConfig>(spec: CommandSpec<O>): Command {
  return {
    name: spec.name,
    summary: spec.summary,
    usage: spec.usage,
    async run(args) {
      let flags: FlagValues<O>;
      try {
        // TypeScript cannot evaluate parseArgs' result type for a generic table; FlagValues<O> is that type.
        const options = { ...spec.options, ...HELP_OPTION };
        flags = parseArgs({ args: [...args], options, strict: true }).values as FlagValues<O>;
      } catch (error: unknown) {
        if (!isParseError(error)) throw error;
        return usageError(spec.name, firstSentence(error.message));
      }
      if ("help" in flags && flags.help === true) {
        process.stdout.write(spec.usage);
        return EXIT.ok;
      }
      return spec.run(flags);
    },
  };
}

/** Prints a usage error for `mini <command>` and returns exit code 2. */
export function usageError(command: string, message: string): number {
  process.stderr.write(`mini ${command}: ${message}\nRun 'mini ${command} --help' for usage.\n`);
  return EXIT.usage;
}

/** Prints a failure for `mini <command>` and returns exit code 1. */
export function failure(command: string, message: string): number {
  process.stderr.write(`mini ${command}: ${message}\n`);
  return EXIT.failure;
}

function isParseError(error: unknown): error is Error & { code: string } {
  return error instanceof Error && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS_");
}

/**
 * Node's messages go on to explain positional arguments after `--`, which no
 * mini command takes: the first sentence is the useful part (without its
 * period, like every other message here).
 */
function firstSentence(message: string): string {
  const end = message.indexOf(". ");
  return (end === -1 ? message : message.slice(0, end)).replace(/\.$/, "");
}
