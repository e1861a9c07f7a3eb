/**
 * authentication.k8s.io/v1 TokenRequest (the body of `kubectl create token`), SelfSubjectReview
 * (`kubectl auth whoami`) and TokenReview.
 * Field numbers and types: k8s.io/api authentication/v1 generated.proto; JSON names and `omitEmpty`:
 * its types.go JSON tags (release v0.35, Kubernetes 1.35).
 */
import type { MessageTable } from "../descriptor.js";

export const authenticationMessages = {
  "authentication.v1.BoundObjectReference": {
    1: { name: "kind", type: "string", omitEmpty: true },
    2: { name: "apiVersion", type: "string", omitEmpty: true },
    3: { name: "name", type: "string", omitEmpty: true },
    4: { name: "uid", type: "string", omitEmpty: true },
  },
  "authentication.v1.TokenRequest": {
    1: { name: "metadata", type: "meta.v1.ObjectMeta" },
    2: { name: "spec", type: "authentication.v1.TokenRequestSpec" },
    3: { name: "status", type: "authentication.v1.TokenRequestStatus" },
  },
  "authentication.v1.TokenRequestSpec": {
    1: { name: "audiences", type: "string", list: "repeated" },
    3: { name: "boundObjectRef", type: "authentication.v1.BoundObjectReference" },
    4: { name: "expirationSeconds", type: "int64" },
  },
  "authentication.v1.TokenRequestStatus": {
    1: { name: "token", type: "string" },
    2: { name: "expirationTimestamp", type: "time" },
  },
  "authentication.v1.SelfSubjectReview": {
    1: { name: "metadata", type: "meta.v1.ObjectMeta" },
    // The status (2) is the server's answer: requests carry none worth decoding.
  },
  "authentication.v1.TokenReview": {
    1: { name: "metadata", type: "meta.v1.ObjectMeta" },
    2: { name: "spec", type: "authentication.v1.TokenReviewSpec" },
  },
  "authentication.v1.TokenReviewSpec": {
    1: { name: "token", type: "string", omitEmpty: true },
    2: { name: "audiences", type: "string", list: "repeated" },
  },
} satisfies MessageTable;
