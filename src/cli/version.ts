/**
 * `mini version` and `mini --version`.
 */
import { version as miniVersion } from "../../package.json";
import { EXIT, defineCommand } from "./command.js";

export const version = defineCommand({
  name: "version",
  summary: "Print the version",
  usage: `Usage: mini version

Print mini's version and the Node.js runtime it runs on.
`,
  options: {},
  async run() {
    process.stdout.write(`mini ${miniVersion} (node ${process.versions.node}, ${process.platform}/${process.arch})\n`);
    return EXIT.ok;
  },
});
