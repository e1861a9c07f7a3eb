/**
 * `npm run bench`: every benchmark in one run on this machine, printed as
 * a table. Ratios are computed within the run, since this machine's noise
 * between runs is larger than the differences that matter.
 */
import { benchApi } from "./api.js";
import { benchCustom } from "./custom.js";
import { benchApply } from "./apply.js";
import { benchKwok } from "./kwok.js";
import { benchNode } from "./node.js";
import { benchProtobuf } from "./protobuf.js";
import { miniCommand } from "./process.js";
import { benchScheduler } from "./scheduler.js";
import { benchStartup } from "./startup.js";
import { benchStore } from "./store.js";

function print(title: string, figures: Record<string, number>): void {
  console.log(`\n## ${title}`);
  const width = Math.max(...Object.keys(figures).map((k) => k.length));
  for (const [name, value] of Object.entries(figures)) {
    const shown = Number.isInteger(value) ? String(value) : value >= 100 ? value.toFixed(0) : value.toFixed(2);
    console.log(`${name.padEnd(width)}  ${shown}`);
  }
}

async function main(): Promise<void> {
  const only = process.argv[2];
  console.log(`mini benchmarks — node ${process.version}, ${new Date().toISOString()}`);
  if (!only || only === "store") print("store", await benchStore());
  if (!only || only === "api") print("api (HTTPS, keep-alive)", await benchApi());
  if (!only || only === "custom") print("custom resources (HTTPS, keep-alive)", await benchCustom());
  if (!only || only === "protobuf") print("protobuf vs JSON bodies (HTTPS, keep-alive)", await benchProtobuf());
  if (!only || only === "apply") print(`server-side apply (${miniCommand().label})`, await benchApply());
  if (!only || only === "startup") print(`startup (${miniCommand().label})`, await benchStartup());
  if (!only || only === "scheduler") print(`scheduler on fake nodes (${miniCommand().label})`, await benchScheduler());
  if (!only || only === "kwok") print(`kwok's bar on fake nodes (${miniCommand().label})`, await benchKwok());
  if (!only || only === "node") print(`node on containerd (${miniCommand().label})`, await benchNode());
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
