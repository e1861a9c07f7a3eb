/**
 * kwok's bar for a simulated cluster: 5,000 fake nodes Ready, then 10,000
 * pods created and Running, then those pods deleted and gone, each timed as
 * a separate client watching would see it, with the server's CPU time
 * for each phase (steadier than wall time on a shared machine), and its
 * resident memory at the end.
 */
import { createPods, deletePods, idleCores, PodTracker, scaled, startFakeCluster, type FakeCluster } from "./fake-cluster.js";

/**
 * Pods created until all Running, then deleted until all gone: each phase's wall and server CPU
 * time goes into `figures`, the CPU time also less what the idle server would have used meanwhile.
 */
async function podPhases(cluster: FakeCluster, pods: number, figures: Record<string, number>): Promise<void> {
  const idle = await idleCores(cluster);
  figures["server CPU share when idle: leases, heartbeats (cores)"] = idle;
  const tracker = new PodTracker(cluster);
  let cpu = cluster.mini.cpuSeconds();
  let start = performance.now();
  await createPods(cluster.client, pods);
  const runningAt = await tracker.until(`${pods} pods Running`, () => tracker.running >= pods);
  figures[`${pods} pods created to all Running (s)`] = (runningAt - start) / 1000;
  figures["server CPU used, create to all Running (s)"] = cluster.mini.cpuSeconds() - cpu;
  figures["server CPU used less the idle server's, create to all Running (s)"] = cluster.mini.cpuSeconds() - cpu - (idle * (runningAt - start)) / 1000;
  cpu = cluster.mini.cpuSeconds();
  start = performance.now();
  await deletePods(cluster.client, pods);
  const goneAt = await tracker.until(`${pods} pods gone`, () => tracker.gone >= pods);
  figures[`${pods} pods deleted to all gone (s)`] = (goneAt - start) / 1000;
  figures["server CPU used, delete to all gone (s)"] = cluster.mini.cpuSeconds() - cpu;
  figures["server CPU used less the idle server's, delete to all gone (s)"] = cluster.mini.cpuSeconds() - cpu - (idle * (goneAt - start)) / 1000;
}

export async function benchKwok(): Promise<Record<string, number>> {
  const nodes = scaled(5_000);
  const pods = scaled(10_000);
  const cluster = await startFakeCluster(nodes);
  try {
    const figures: Record<string, number> = {
      "mini up to /readyz (s)": cluster.mini.readyMs / 1000,
      [`${nodes} fake nodes Ready after /readyz (s)`]: cluster.nodesReadySeconds,
    };
    try {
      await podPhases(cluster, pods, figures);
    } catch (error: unknown) {
      // A phase that times out still leaves the figures before it worth printing; the run counts as failed.
      console.error(`kwok: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    }
    figures["server RSS at the end (MiB)"] = cluster.mini.rssMiB();
    return figures;
  } finally {
    await cluster.stop();
  }
}
