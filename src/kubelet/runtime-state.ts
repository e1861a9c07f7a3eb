/**
 * What the runtime holds for one pod, found by the pod-uid label: its
 * sandboxes (newest first) and, per container name, the newest container
 * and the one before it with their full statuses. This is also how a
 * restarted kubelet adopts what is already running.
 */
import { CONTAINER_NAME_LABEL, POD_UID_LABEL } from "./labels.js";
import type { ContainerStatus, KubeletRuntime, PodSandbox } from "./runtime.js";

export interface ContainerHistory {
  readonly latest: ContainerStatus;
  readonly previous?: ContainerStatus;
  /** Every container of this name, newest first (older ones are removed by the pod worker). */
  readonly all: readonly { readonly id: string; readonly attempt: number }[];
}

export interface PodRuntimeState {
  readonly sandboxes: readonly PodSandbox[];
  readonly containers: ReadonlyMap<string, ContainerHistory>;
}

export async function podRuntimeState(runtime: KubeletRuntime, uid: string): Promise<PodRuntimeState> {
  const selector = { [POD_UID_LABEL]: uid };
  const [sandboxes, containers] = await Promise.all([runtime.listPodSandboxes({ labelSelector: selector }), runtime.listContainers({ labelSelector: selector })]);
  const byName = new Map<string, { id: string; attempt: number; createdAt: number }[]>();
  for (const container of containers) {
    const name = container.labels[CONTAINER_NAME_LABEL] ?? container.metadata.name;
    let list = byName.get(name);
    if (!list) byName.set(name, (list = []));
    list.push({ id: container.id, attempt: container.metadata.attempt, createdAt: container.createdAt });
  }
  const histories = new Map<string, ContainerHistory>();
  await Promise.all(
    [...byName].map(async ([name, list]) => {
      list.sort((a, b) => b.attempt - a.attempt || b.createdAt - a.createdAt);
      const [newest, before] = list;
      const latest = newest ? await runtime.containerStatus(newest.id) : undefined;
      if (!latest) return;
      const previous = before ? await runtime.containerStatus(before.id) : undefined;
      histories.set(name, { latest, ...(previous ? { previous } : {}), all: list });
    }),
  );
  return { sandboxes: [...sandboxes].sort((a, b) => b.createdAt - a.createdAt), containers: histories };
}
