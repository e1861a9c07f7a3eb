/**
 * Every built-in kind mini serves. The order is discovery's order, which
 * kubectl uses to resolve ambiguous short names: core first, as upstream.
 */
import type { KindDefinition } from "./types.js";
import { configMapKind } from "./configmap.js";
import { clusterRoleKind } from "./clusterrole.js";
import { clusterRoleBindingKind } from "./clusterrolebinding.js";
import { ingressKind } from "./ingress.js";
import { ingressClassKind } from "./ingressclass.js";
import { networkPolicyKind } from "./networkpolicy.js";
import { roleKind } from "./role.js";
import { roleBindingKind } from "./rolebinding.js";
import { limitRangeKind } from "./limitrange.js";
import { persistentVolumeKind } from "./persistentvolume.js";
import { persistentVolumeClaimKind } from "./persistentvolumeclaim.js";
import { resourceQuotaKind } from "./resourcequota.js";
import { controllerRevisionKind } from "./controllerrevision.js";
import { podDisruptionBudgetKind } from "./poddisruptionbudget.js";
import { priorityClassKind } from "./priorityclass.js";
import { storageClassKind } from "./storageclass.js";
import { cronJobKind } from "./cronjob.js";
import { selfSubjectAccessReviewKind, selfSubjectRulesReviewKind, subjectAccessReviewKind } from "./access-reviews.js";
import { selfSubjectReviewKind, tokenReviewKind } from "./authentication-reviews.js";
import { horizontalPodAutoscalerKind } from "./horizontalpodautoscaler.js";
import { horizontalPodAutoscalerV1View } from "./horizontalpodautoscaler-v1.js";
import { eventsV1View } from "./eventsv1.js";
import type { VersionView } from "./version-view.js";
import { customResourceDefinitionKind } from "./customresourcedefinition.js";
import { jobKind } from "./job.js";
import { daemonSetKind } from "./daemonset.js";
import { deploymentKind } from "./deployment.js";
import { endpointsKind } from "./endpoints.js";
import { endpointSliceKind } from "./endpointslice.js";
import { eventKind } from "./event.js";
import { leaseKind } from "./lease.js";
import { namespaceKind } from "./namespace.js";
import { nodeKind } from "./node.js";
import { podKind } from "./pod.js";
import { replicaSetKind } from "./replicaset.js";
import { secretKind } from "./secret.js";
import { serviceKind } from "./service.js";
import { serviceAccountKind } from "./serviceaccount.js";
import { statefulSetKind } from "./statefulset.js";

export const builtinKinds: readonly KindDefinition[] = [
  configMapKind,
  endpointsKind,
  eventKind,
  limitRangeKind,
  namespaceKind,
  nodeKind,
  persistentVolumeClaimKind,
  persistentVolumeKind,
  podKind,
  resourceQuotaKind,
  secretKind,
  serviceAccountKind,
  serviceKind,
  daemonSetKind,
  deploymentKind,
  replicaSetKind,
  statefulSetKind,
  controllerRevisionKind,
  selfSubjectReviewKind,
  tokenReviewKind,
  selfSubjectAccessReviewKind,
  selfSubjectRulesReviewKind,
  subjectAccessReviewKind,
  horizontalPodAutoscalerKind,
  cronJobKind,
  jobKind,
  leaseKind,
  endpointSliceKind,
  ingressClassKind,
  ingressKind,
  networkPolicyKind,
  podDisruptionBudgetKind,
  clusterRoleBindingKind,
  clusterRoleKind,
  roleBindingKind,
  roleKind,
  priorityClassKind,
  storageClassKind,
  customResourceDefinitionKind,
];

/** Versions served from another kind's storage, added after the kinds they convert to. */
export const builtinVersionViews: readonly VersionView[] = [horizontalPodAutoscalerV1View, eventsV1View];

export type { VersionView } from "./version-view.js";
export type { KindDefinition, KubeObject, Schema, TableColumn } from "./types.js";
