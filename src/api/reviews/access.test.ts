import { test } from "node:test";
import assert from "node:assert/strict";
import type { KubeObject } from "../../apis/types.js";
import { allRules, allowAll, validateAccessReview } from "./access.js";

const review = (spec: Record<string, unknown>): KubeObject => ({ apiVersion: "authorization.k8s.io/v1", kind: "SelfSubjectAccessReview", metadata: {}, spec });
const messages = (object: KubeObject, forUser: boolean) => validateAccessReview(object, forUser).map((error) => `${error.field}: ${error.message}`);

test("an access review names exactly one kind of attributes, and a subject review a user or group", () => {
  assert.deepEqual(messages(review({ resourceAttributes: { verb: "get", resource: "pods" } }), false), []);
  assert.deepEqual(messages(review({}), false), ["spec.resourceAttributes: Invalid value: null: exactly one of nonResourceAttributes or resourceAttributes must be specified"]);
  assert.equal(messages(review({ resourceAttributes: {}, nonResourceAttributes: {} }), false).length, 1);
  assert.deepEqual(messages(review({ nonResourceAttributes: { path: "/healthz", verb: "get" } }), true), ['spec.user: Invalid value: "": at least one of user or group must be specified']);
  assert.deepEqual(messages(review({ nonResourceAttributes: { path: "/healthz", verb: "get" }, groups: ["dev"] }), true), []);
});

test("without authorization every action is allowed and the rules cover everything", () => {
  assert.deepEqual(allowAll(review({ resourceAttributes: { verb: "delete", resource: "nodes" } })).status, { allowed: true });
  assert.deepEqual(allRules(review({ namespace: "default" })).status, {
    resourceRules: [{ verbs: ["*"], apiGroups: ["*"], resources: ["*"] }],
    nonResourceRules: [{ verbs: ["*"], nonResourceURLs: ["*"] }],
    incomplete: false,
  });
});
