/**
 * The garbage collector: deletes objects whose owners are gone
 * (background), deletes an owner's dependents before the owner itself when
 * it carries the foregroundDeletion finalizer (waiting for those with
 * blockOwnerDeletion), and frees the dependents of an owner carrying the
 * orphan finalizer. The registry adds those finalizers on delete with
 * propagationPolicy Foreground or Orphan.
 */
import { WorkQueue } from "../../client/index.js";
import { runController } from "../controller.js";
import type { ControllerContext } from "../index.js";
import { Collector } from "./collect.js";
import { OwnerGraph } from "./graph.js";

/** Concurrent deletions; upstream runs 20 GC workers, one process here shares two cores. */
const DELETE_WORKERS = 10;
const ORPHAN_WORKERS = 2;

export function startGarbageCollector(context: ControllerContext): void {
  const log = context.log.child("garbage-collector");
  const queues = { attemptToDelete: new WorkQueue(), attemptToOrphan: new WorkQueue() };
  const graph = new OwnerGraph({ client: context.client, informers: context.informers, queues, log });
  const collector = new Collector(graph, log);
  runController({ name: "garbage-collector", queue: queues.attemptToDelete, sync: (uid) => collector.attemptToDelete(uid), workers: DELETE_WORKERS, log }, context.signal);
  runController({ name: "garbage-collector-orphan", queue: queues.attemptToOrphan, sync: (uid) => collector.attemptToOrphan(uid), workers: ORPHAN_WORKERS, log }, context.signal);
}
