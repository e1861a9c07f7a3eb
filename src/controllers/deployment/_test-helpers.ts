/**
 * Deployment reconcile-test helpers on top of the controllers' test kit: a
 * Deployment manifest, reads of its ReplicaSets, and a loop that plays the
 * nodes (marks new pods ready) until `kubectl rollout status` would finish.
 */
import type { KubeObject } from "../../apis/types.js";
import { updateWithRetry } from "../replicaset/index.js";
import { eventually, listPods, NAMESPACE, podTemplate, setPodRunning, type TestCluster } from "../_test-kit.js";
import type { DeploymentStatus } from "./types.js";

export const LABELS = { app: "web" };

export function deployment(name: string, replicas: number, spec: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name },
    spec: { replicas, selector: { matchLabels: LABELS }, template: podTemplate(LABELS), ...spec },
  };
}

export async function replicaSetsOf(cluster: TestCluster): Promise<KubeObject[]> {
  return (await cluster.client.resource("apps", "ReplicaSet").list({ namespace: NAMESPACE })).items;
}

export async function getDeployment(cluster: TestCluster, name: string): Promise<KubeObject> {
  return cluster.client.resource("apps", "Deployment").get(NAMESPACE, name);
}

/** What `kubectl rollout status` waits for (staging/src/k8s.io/kubectl/pkg/polymorphichelpers/rollout_status.go). */
export function rolloutComplete(d: KubeObject): boolean {
  const status = (d.status ?? {}) as DeploymentStatus;
  const desired = (d.spec as { replicas?: number }).replicas ?? 1;
  return (
    (status.observedGeneration ?? 0) >= (d.metadata.generation ?? 0) &&
    (status.updatedReplicas ?? 0) >= desired &&
    (status.replicas ?? 0) <= (status.updatedReplicas ?? 0) &&
    (status.availableReplicas ?? 0) >= (status.updatedReplicas ?? 0)
  );
}

/** Marks pods ready as they appear, calling `check` at every step, until the rollout completes. */
export async function rollOut(cluster: TestCluster, name: string, check: () => Promise<void> = async () => {}): Promise<KubeObject> {
  return eventually(
    `rollout of ${name}`,
    async () => {
      await check();
      for (const pod of await listPods(cluster, LABELS)) {
        const ready = ((pod.status as { conditions?: { type: string; status: string }[] }).conditions ?? []).some((c) => c.type === "Ready" && c.status === "True");
        if (!ready) await setPodRunning(cluster.client, { namespace: NAMESPACE, name: pod.metadata.name ?? "", ready: true });
      }
      const d = await getDeployment(cluster, name);
      return rolloutComplete(d) && d;
    },
    8000,
  );
}

/** Edits the Deployment as a user would, re-reading it when the controller wrote its status meanwhile. */
export async function editDeployment(cluster: TestCluster, name: string, edit: (d: KubeObject) => void): Promise<void> {
  await updateWithRetry(cluster.client.resource("apps", "Deployment"), { namespace: NAMESPACE, name }, (d) => {
    edit(d);
    return true;
  });
}

export function setImage(cluster: TestCluster, name: string, image: string): Promise<void> {
  return editDeployment(cluster, name, (d) => {
    const [container] = (d.spec as { template: { spec: { containers: { image: string }[] } } }).template.spec.containers;
    if (container) container.image = image;
  });
}
