/**
 * batch/v1 Job and CronJob.
 * Field numbers and types: k8s.io/api batch/v1 generated.proto; JSON names and `omitEmpty`:
 * its types.go JSON tags (release v0.35, Kubernetes 1.35).
 */
import type { MessageTable } from "../descriptor.js";

export const batchMessages = {
  "batch.v1.CronJob": {
    1: { name: "metadata", type: "meta.v1.ObjectMeta" },
    2: { name: "spec", type: "batch.v1.CronJobSpec" },
    3: { name: "status", type: "batch.v1.CronJobStatus" },
  },
  "batch.v1.CronJobSpec": {
    1: { name: "schedule", type: "string" },
    2: { name: "startingDeadlineSeconds", type: "int64" },
    3: { name: "concurrencyPolicy", type: "string", omitEmpty: true },
    4: { name: "suspend", type: "bool" },
    5: { name: "jobTemplate", type: "batch.v1.JobTemplateSpec" },
    6: { name: "successfulJobsHistoryLimit", type: "int32" },
    7: { name: "failedJobsHistoryLimit", type: "int32" },
    8: { name: "timeZone", type: "string" },
  },
  "batch.v1.CronJobStatus": {
    1: { name: "active", type: "core.v1.ObjectReference", list: "repeated" },
    4: { name: "lastScheduleTime", type: "time" },
    5: { name: "lastSuccessfulTime", type: "time" },
  },
  "batch.v1.Job": {
    1: { name: "metadata", type: "meta.v1.ObjectMeta" },
    2: { name: "spec", type: "batch.v1.JobSpec" },
    3: { name: "status", type: "batch.v1.JobStatus" },
  },
  "batch.v1.JobCondition": {
    1: { name: "type", type: "string" },
    2: { name: "status", type: "string" },
    3: { name: "lastProbeTime", type: "time" },
    4: { name: "lastTransitionTime", type: "time" },
    5: { name: "reason", type: "string", omitEmpty: true },
    6: { name: "message", type: "string", omitEmpty: true },
  },
  "batch.v1.JobSpec": {
    1: { name: "parallelism", type: "int32" },
    2: { name: "completions", type: "int32" },
    3: { name: "activeDeadlineSeconds", type: "int64" },
    4: { name: "selector", type: "meta.v1.LabelSelector" },
    5: { name: "manualSelector", type: "bool" },
    6: { name: "template", type: "core.v1.PodTemplateSpec" },
    7: { name: "backoffLimit", type: "int32" },
    8: { name: "ttlSecondsAfterFinished", type: "int32" },
    9: { name: "completionMode", type: "string" },
    10: { name: "suspend", type: "bool" },
    11: { name: "podFailurePolicy", type: "batch.v1.PodFailurePolicy" },
    12: { name: "backoffLimitPerIndex", type: "int32" },
    13: { name: "maxFailedIndexes", type: "int32" },
    14: { name: "podReplacementPolicy", type: "string" },
    15: { name: "managedBy", type: "string" },
    16: { name: "successPolicy", type: "batch.v1.SuccessPolicy" },
  },
  "batch.v1.JobStatus": {
    1: { name: "conditions", type: "batch.v1.JobCondition", list: "repeated" },
    2: { name: "startTime", type: "time" },
    3: { name: "completionTime", type: "time" },
    4: { name: "active", type: "int32", omitEmpty: true },
    5: { name: "succeeded", type: "int32", omitEmpty: true },
    6: { name: "failed", type: "int32", omitEmpty: true },
    7: { name: "completedIndexes", type: "string", omitEmpty: true },
    8: { name: "uncountedTerminatedPods", type: "batch.v1.UncountedTerminatedPods" },
    9: { name: "ready", type: "int32" },
    10: { name: "failedIndexes", type: "string" },
    11: { name: "terminating", type: "int32" },
  },
  "batch.v1.JobTemplateSpec": {
    1: { name: "metadata", type: "meta.v1.ObjectMeta" },
    2: { name: "spec", type: "batch.v1.JobSpec" },
  },
  "batch.v1.PodFailurePolicy": {
    1: { name: "rules", type: "batch.v1.PodFailurePolicyRule", list: "repeated" },
  },
  "batch.v1.PodFailurePolicyOnExitCodesRequirement": {
    1: { name: "containerName", type: "string" },
    2: { name: "operator", type: "string" },
    3: { name: "values", type: "int32", list: "repeated" },
  },
  "batch.v1.PodFailurePolicyOnPodConditionsPattern": {
    1: { name: "type", type: "string" },
    2: { name: "status", type: "string" },
  },
  "batch.v1.PodFailurePolicyRule": {
    1: { name: "action", type: "string" },
    2: { name: "onExitCodes", type: "batch.v1.PodFailurePolicyOnExitCodesRequirement" },
    3: { name: "onPodConditions", type: "batch.v1.PodFailurePolicyOnPodConditionsPattern", list: "repeated" },
  },
  "batch.v1.SuccessPolicy": {
    1: { name: "rules", type: "batch.v1.SuccessPolicyRule", list: "repeated" },
  },
  "batch.v1.SuccessPolicyRule": {
    1: { name: "succeededIndexes", type: "string" },
    2: { name: "succeededCount", type: "int32" },
  },
  "batch.v1.UncountedTerminatedPods": {
    1: { name: "succeeded", type: "string", list: "repeated" },
    2: { name: "failed", type: "string", list: "repeated" },
  },
} satisfies MessageTable;
