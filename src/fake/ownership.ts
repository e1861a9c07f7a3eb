/**
 * What the fake-node machinery may touch. A node is fake when it carries
 * the annotation `mini.dev/fake: "true"` (`--fake-nodes` sets it; a node
 * created by hand may too); a pod belongs to the fake node it is bound to.
 * Stages written for other kinds act only on objects carrying the same
 * annotation themselves, so a stage file cannot reach into real workloads.
 * A node whose annotation is removed is let go: its heartbeats stop, as if
 * its kubelet had died.
 */
import type { KubeObject } from "../apis/types.js";
import type { Informer } from "../client/index.js";
import type { ResourceRef } from "./stage.js";

export const FAKE_ANNOTATION = "mini.dev/fake";
/** The label that lets `kubectl get nodes -l mini.dev/fake=true` find them, like kwok's `type=kwok`. */
export const FAKE_LABEL = "mini.dev/fake";

export function isFake(object: KubeObject | undefined): boolean {
  return object?.metadata.annotations?.[FAKE_ANNOTATION] === "true";
}

export function nodeNameOf(pod: KubeObject): string {
  const spec = pod.spec as { nodeName?: unknown } | undefined;
  return typeof spec?.nodeName === "string" ? spec.nodeName : "";
}

/** The ownership rule per kind, reading nodes from their informer. */
export function fakeOwnership(nodes: Informer): (ref: ResourceRef, object: KubeObject) => boolean {
  return (ref, object) => {
    if (ref.apiGroup === "" && ref.kind === "Pod") {
      const nodeName = nodeNameOf(object);
      return nodeName !== "" && isFake(nodes.get("", nodeName));
    }
    return isFake(object);
  };
}
