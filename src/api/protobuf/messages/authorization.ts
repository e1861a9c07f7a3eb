/**
 * authorization.k8s.io/v1 access reviews (the bodies of `kubectl auth can-i`).
 * Field numbers and types: k8s.io/api authorization/v1 generated.proto; JSON names and `omitEmpty`:
 * its types.go JSON tags (release v0.35, Kubernetes 1.35).
 */
import type { MessageTable } from "../descriptor.js";

export const authorizationMessages = {
  "authorization.v1.FieldSelectorAttributes": {
    1: { name: "rawSelector", type: "string", omitEmpty: true },
    // requirements (2) are left out: kubectl never sends them.
  },
  "authorization.v1.LabelSelectorAttributes": {
    1: { name: "rawSelector", type: "string", omitEmpty: true },
    2: { name: "requirements", type: "meta.v1.LabelSelectorRequirement", list: "repeated" },
  },
  "authorization.v1.NonResourceAttributes": {
    1: { name: "path", type: "string", omitEmpty: true },
    2: { name: "verb", type: "string", omitEmpty: true },
  },
  "authorization.v1.ResourceAttributes": {
    1: { name: "namespace", type: "string", omitEmpty: true },
    2: { name: "verb", type: "string", omitEmpty: true },
    3: { name: "group", type: "string", omitEmpty: true },
    4: { name: "version", type: "string", omitEmpty: true },
    5: { name: "resource", type: "string", omitEmpty: true },
    6: { name: "subresource", type: "string", omitEmpty: true },
    7: { name: "name", type: "string", omitEmpty: true },
    8: { name: "fieldSelector", type: "authorization.v1.FieldSelectorAttributes" },
    9: { name: "labelSelector", type: "authorization.v1.LabelSelectorAttributes" },
  },
  "authorization.v1.SelfSubjectAccessReview": {
    1: { name: "metadata", type: "meta.v1.ObjectMeta" },
    2: { name: "spec", type: "authorization.v1.SelfSubjectAccessReviewSpec" },
    3: { name: "status", type: "authorization.v1.SubjectAccessReviewStatus" },
  },
  "authorization.v1.SelfSubjectAccessReviewSpec": {
    1: { name: "resourceAttributes", type: "authorization.v1.ResourceAttributes" },
    2: { name: "nonResourceAttributes", type: "authorization.v1.NonResourceAttributes" },
  },
  "authorization.v1.SelfSubjectRulesReview": {
    1: { name: "metadata", type: "meta.v1.ObjectMeta" },
    2: { name: "spec", type: "authorization.v1.SelfSubjectRulesReviewSpec" },
    // The status (3) is the server's answer: requests carry none worth decoding.
  },
  "authorization.v1.SelfSubjectRulesReviewSpec": {
    1: { name: "namespace", type: "string", omitEmpty: true },
  },
  "authorization.v1.SubjectAccessReview": {
    1: { name: "metadata", type: "meta.v1.ObjectMeta" },
    2: { name: "spec", type: "authorization.v1.SubjectAccessReviewSpec" },
    3: { name: "status", type: "authorization.v1.SubjectAccessReviewStatus" },
  },
  "authorization.v1.SubjectAccessReviewSpec": {
    1: { name: "resourceAttributes", type: "authorization.v1.ResourceAttributes" },
    2: { name: "nonResourceAttributes", type: "authorization.v1.NonResourceAttributes" },
    3: { name: "user", type: "string", omitEmpty: true },
    4: { name: "groups", type: "string", list: "repeated" },
    // extra (5) is left out: its values are lists, which a map entry here cannot express; kubectl never sends it.
    6: { name: "uid", type: "string", omitEmpty: true },
  },
  "authorization.v1.SubjectAccessReviewStatus": {
    1: { name: "allowed", type: "bool" },
    2: { name: "reason", type: "string", omitEmpty: true },
    3: { name: "evaluationError", type: "string", omitEmpty: true },
    4: { name: "denied", type: "bool", omitEmpty: true },
  },
} satisfies MessageTable;
