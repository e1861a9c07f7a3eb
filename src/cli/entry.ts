/**
 * The process entry: the one file esbuild bundles into dist/mini.cjs and the
 * dev shim runs through tsx. Everything else belongs in main(), which a test
 * can call without a process of its own.
 */
import { main } from "./main.js";

main(process.argv.slice(2)).then(
  (code) => {
    // exitCode, not exit(): pending output and open handles finish first.
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
