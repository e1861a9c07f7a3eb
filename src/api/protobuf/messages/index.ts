/**
 * Every message descriptor, and which message each kind's body is.
 */
import type { MessageTable } from "../descriptor.js";
import { appsMessages } from "./apps.js";
import { authenticationMessages } from "./authentication.js";
import { autoscalingMessages } from "./autoscaling.js";
import { authorizationMessages } from "./authorization.js";
import { batchMessages } from "./batch.js";
import { coreContainerMessages } from "./core-container.js";
import { corePodMessages } from "./core-pod.js";
import { coreInTreeVolumeMessages } from "./core-volume-intree.js";
import { coreVolumeMessages } from "./core-volume.js";
import { coreMessages } from "./core.js";
import { metaMessages } from "./meta.js";
import { networkingMessages } from "./networking.js";
import { policyMessages } from "./policy.js";
import { rbacMessages } from "./rbac.js";
import { schedulingMessages } from "./scheduling.js";

export const messages: MessageTable = {
  ...metaMessages,
  ...coreMessages,
  ...corePodMessages,
  ...coreContainerMessages,
  ...coreVolumeMessages,
  ...coreInTreeVolumeMessages,
  ...appsMessages,
  ...batchMessages,
  ...rbacMessages,
  ...policyMessages,
  ...networkingMessages,
  ...schedulingMessages,
  ...authenticationMessages,
  ...autoscalingMessages,
  ...authorizationMessages,
};

/**
 * `apiVersion kind` → message, for the kinds kubectl's `create` generators
 * send as protobuf. Other kinds reach the server as JSON.
 */
export const kindMessages: Readonly<Record<string, string>> = {
  "v1 Namespace": "core.v1.Namespace",
  "v1 ConfigMap": "core.v1.ConfigMap",
  "v1 Secret": "core.v1.Secret",
  "v1 ServiceAccount": "core.v1.ServiceAccount",
  "v1 Service": "core.v1.Service",
  "v1 ResourceQuota": "core.v1.ResourceQuota",
  "apps/v1 Deployment": "apps.v1.Deployment",
  "batch/v1 Job": "batch.v1.Job",
  "batch/v1 CronJob": "batch.v1.CronJob",
  "rbac.authorization.k8s.io/v1 Role": "rbac.v1.Role",
  "rbac.authorization.k8s.io/v1 RoleBinding": "rbac.v1.RoleBinding",
  "rbac.authorization.k8s.io/v1 ClusterRole": "rbac.v1.ClusterRole",
  "rbac.authorization.k8s.io/v1 ClusterRoleBinding": "rbac.v1.ClusterRoleBinding",
  "policy/v1 PodDisruptionBudget": "policy.v1.PodDisruptionBudget",
  "policy/v1 Eviction": "policy.v1.Eviction",
  "policy/v1beta1 Eviction": "policy.v1.Eviction",
  "networking.k8s.io/v1 Ingress": "networking.v1.Ingress",
  "scheduling.k8s.io/v1 PriorityClass": "scheduling.v1.PriorityClass",
  "authentication.k8s.io/v1 TokenRequest": "authentication.v1.TokenRequest",
  "autoscaling/v1 HorizontalPodAutoscaler": "autoscaling.v1.HorizontalPodAutoscaler",
  "autoscaling/v2 HorizontalPodAutoscaler": "autoscaling.v2.HorizontalPodAutoscaler",
  "authentication.k8s.io/v1 SelfSubjectReview": "authentication.v1.SelfSubjectReview",
  "authentication.k8s.io/v1 TokenReview": "authentication.v1.TokenReview",
  "authorization.k8s.io/v1 SelfSubjectAccessReview": "authorization.v1.SelfSubjectAccessReview",
  "authorization.k8s.io/v1 SelfSubjectRulesReview": "authorization.v1.SelfSubjectRulesReview",
  "authorization.k8s.io/v1 SubjectAccessReview": "authorization.v1.SubjectAccessReview",
};
