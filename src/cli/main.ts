// PLACEHOLDER so the build can be verified; the CLI's owner replaces this file.
import { version } from "../../package.json";

export async function main(argv: string[]): Promise<number> {
  if (argv[0] === "--version") {
    console.log(`mini ${version}`);
    return 0;
  }
  console.error("usage: mini --version");
  return 2;
}
