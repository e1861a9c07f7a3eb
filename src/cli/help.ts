/**
 * `mini help [command]`: the overview of every command, or one command's usage.
 */
import { EXIT, usageError } from "./command.js";
import type { Command } from "./command.js";

/** The help command over `commands` (it lists itself too). */
export function helpCommand(commands: readonly Command[]): Command {
  const help: Command = {
    name: "help",
    summary: "Show help for mini or one of its commands",
    usage: "Usage: mini help [command]\n\nShow what mini's commands do, or one command's flags.\n",
    async run(args) {
      const all = [...commands, help];
      const [name, ...rest] = args;
      if (name === undefined) {
        process.stdout.write(overview(all));
        return EXIT.ok;
      }
      if (rest.length > 0) return usageError("help", "Expected at most one command name");
      const command = name === "-h" || name === "--help" ? help : all.find((each) => each.name === name);
      if (command === undefined) return usageError("help", `Unknown command ${JSON.stringify(name)}`);
      process.stdout.write(command.usage);
      return EXIT.ok;
    },
  };
  return help;
}

/** What `mini help` prints: every command with its one-line summary. */
export function overview(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((command) => command.name.length)) + 2;
  const list = commands.map((command) => `  ${command.name.padEnd(width)}${command.summary}\n`).join("");
  return `mini: a Kubernetes-compatible cluster in one executable

Usage: mini <command> [flags]

Commands:
${list}
Run 'mini <command> --help' for a command's flags. 'mini --version' prints the version.
`;
}
