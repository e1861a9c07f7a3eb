/**
 * `mini kubeconfig`: where the admin kubeconfig is, or what it holds.
 */
import { readFile } from "node:fs/promises";
import { kubeconfigPath } from "../pki/index.js";
import { EXIT, defineCommand, failure } from "./command.js";
import { DATA_DIR_OPTION, resolveDataDir } from "./data-dir.js";
import { hasCode } from "../machinery/errors.js";
import { shellQuote } from "./output.js";

export const kubeconfig = defineCommand({
  name: "kubeconfig",
  summary: "Print the kubeconfig path (or its content with --content)",
  usage: `Usage: mini kubeconfig [flags]

Print the path of the admin kubeconfig, e.g. export KUBECONFIG=$(mini kubeconfig),
or with --content the file itself, e.g. mini kubeconfig --content > ~/.kube/mini.

Flags:
  --data-dir DIR   The data dir whose kubeconfig to show (default ~/.mini)
  --content        Print the kubeconfig's content instead of its path
  -h, --help       Show this help
`,
  options: { ...DATA_DIR_OPTION, content: { type: "boolean" } },
  async run(flags) {
    const dataDir = resolveDataDir(flags["data-dir"]);
    const path = kubeconfigPath(dataDir);
    let content: string;
    try {
      content = await readFile(path, "utf8");
    } catch (error: unknown) {
      if (!hasCode(error, "ENOENT")) throw error;
      return failure("kubeconfig", `${path} does not exist; start mini first: mini up --data-dir ${shellQuote(dataDir)}`);
    }
    process.stdout.write(flags.content === true ? content : `${path}\n`);
    return EXIT.ok;
  },
});
