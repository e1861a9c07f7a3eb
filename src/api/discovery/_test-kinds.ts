/**
 * Small hand-written kinds for the discovery and OpenAPI tests: a namespaced
 * apps kind with status and scale, a cluster-scoped core kind, and a core
 * pod kind (the one that brings pods/log, exec, … and `bindings`).
 */
import { labelSelectorSchema, objectSchema } from "../../apis/common/meta.js";
import type { KindDefinition } from "../../apis/types.js";

export const deployments: KindDefinition = {
  group: "apps",
  version: "v1",
  kind: "Deployment",
  listKind: "DeploymentList",
  plural: "deployments",
  singular: "deployment",
  shortNames: ["deploy"],
  categories: ["all"],
  namespaced: true,
  schema: objectSchema("Declarative updates for pods.", {
    spec: {
      type: "object",
      description: "Desired state.",
      required: ["selector"],
      properties: {
        replicas: { type: "integer", format: "int32", description: "Desired pods." },
        selector: labelSelectorSchema,
        strategy: {
          type: "object",
          description: "How old pods are replaced by new ones.",
          properties: {
            type: { type: "string", enum: ["Recreate", "RollingUpdate"], description: "Recreate or RollingUpdate." },
            rollingUpdate: {
              type: "object",
              description: "Rolling update parameters.",
              properties: {
                maxSurge: { "x-kubernetes-int-or-string": true, description: "Extra pods allowed." },
                maxUnavailable: { "x-kubernetes-int-or-string": true, description: "Pods that may be missing." },
              },
            },
          },
        },
      },
    },
    status: { type: "object", description: "Observed state.", properties: { replicas: { type: "integer" } } },
  }),
  tracksGeneration: true,
  subresources: { status: true, scale: { specReplicasPath: "spec.replicas", statusReplicasPath: "status.replicas" } },
  strategy: {},
  columns: [],
};

export const namespaces: KindDefinition = {
  group: "",
  version: "v1",
  kind: "Namespace",
  listKind: "NamespaceList",
  plural: "namespaces",
  singular: "namespace",
  shortNames: ["ns"],
  categories: [],
  namespaced: false,
  schema: objectSchema("A scope for names.", {
    spec: { type: "object", properties: { finalizers: { type: "array", items: { type: "string" } } } },
  }),
  tracksGeneration: false,
  subresources: { status: true },
  strategy: {},
  columns: [],
};

export const pods: KindDefinition = {
  ...namespaces,
  kind: "Pod",
  listKind: "PodList",
  plural: "pods",
  singular: "pod",
  shortNames: ["po"],
  categories: ["all"],
  namespaced: true,
  schema: objectSchema("A group of containers.", {}),
};
