/**
 * What the persistent volume binder and the local-path provisioner both
 * work from: the shared informers of claims, volumes, storage classes and
 * nodes, writers for claims and volumes, an event recorder under the
 * component's name, and a work queue.
 */
import { EventRecorder, WorkQueue, type Informer, type ResourceClient } from "../../client/index.js";
import type { Logger } from "../../log.js";
import type { ControllerContext } from "../index.js";

export interface StorageParts {
  readonly log: Logger;
  readonly claims: Informer;
  readonly volumes: Informer;
  readonly classes: Informer;
  readonly nodes: Informer;
  readonly claimClient: ResourceClient;
  readonly volumeClient: ResourceClient;
  readonly events: EventRecorder;
  readonly queue: WorkQueue;
}

/** `logName` names the controller in mini's log; `eventSource` is the component its Events name. */
export function storageParts(context: ControllerContext, logName: string, eventSource: string): StorageParts {
  const { client, informers } = context;
  const log = context.log.child(logName);
  return {
    log,
    claims: informers.forKind("", "PersistentVolumeClaim"),
    volumes: informers.forKind("", "PersistentVolume"),
    classes: informers.forKind("storage.k8s.io", "StorageClass"),
    nodes: informers.forKind("", "Node"),
    claimClient: client.resource("", "PersistentVolumeClaim"),
    volumeClient: client.resource("", "PersistentVolume"),
    events: new EventRecorder(client, { component: eventSource, log }),
    queue: new WorkQueue(),
  };
}
