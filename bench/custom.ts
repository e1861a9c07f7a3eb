/**
 * Custom resource benchmarks against a real server started in this process:
 * how soon a stored CustomResourceDefinition is served, creating 10,000
 * custom objects, and listing them as JSON and as Table (target: a JSON
 * list under 200 ms).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { check, median, runConcurrent } from "./client.js";
import { TABLE_ACCEPT, withInProcessMini } from "./in-process.js";

const WIDGETS = "/apis/example.mini.dev/v1/namespaces/default/widgets";

function widget(name: string) {
  return { apiVersion: "example.mini.dev/v1", kind: "Widget", metadata: { name, labels: { app: "bench" } }, spec: { size: 1 + (name.length % 100), color: "green" } };
}

export async function benchCustom(): Promise<Record<string, number>> {
  return withInProcessMini(async (client) => {
    const figures: Record<string, number> = {};
    const definition = parseYaml(readFileSync(join(__dirname, "..", "fixtures", "crd-widget.yaml"), "utf8")) as unknown;
    let start = performance.now();
    await check(client.send("POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", definition), 201);
    while ((await client.send("GET", WIDGETS)).status !== 200) await new Promise((resolve) => setTimeout(resolve, 2));
    figures["definition stored → served (ms)"] = performance.now() - start;

    const count = 10_000;
    start = performance.now();
    await runConcurrent(count, 16, async (i) => {
      await check(client.send("POST", WIDGETS, widget(`widget-${String(i).padStart(5, "0")}`)), 201);
    });
    figures["create 10,000 widgets 16 in flight (/s)"] = count / ((performance.now() - start) / 1000);

    const timeList = async (accept: string) => {
      const runs: number[] = [];
      for (let i = 0; i < 5; i++) {
        const t = performance.now();
        const text = await check(client.send("GET", WIDGETS, undefined, { Accept: accept }), 200);
        runs.push(performance.now() - t);
        if (i === 0 && !text.includes("widget-09999")) throw new Error("List is missing widgets");
      }
      return median(runs);
    };
    figures["list 10,000 widgets as JSON (ms)"] = await timeList("application/json");
    figures["list 10,000 widgets as Table (ms)"] = await timeList(TABLE_ACCEPT);
    return figures;
  });
}
