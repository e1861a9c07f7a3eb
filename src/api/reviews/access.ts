/**
 * Access reviews under an authorizer that allows everything: mini does not
 * enforce authorization yet, so every action is allowed and the rules list
 * everything, which is what kube-apiserver's AlwaysAllow authorizer answers.
 */
import type { KubeObject } from "../../apis/types.js";
import { invalid, type FieldError } from "../../machinery/field-errors.js";

interface AccessReviewSpec {
  resourceAttributes?: unknown;
  nonResourceAttributes?: unknown;
  user?: string;
  groups?: string[];
}

/** Field errors of an access review's spec, with upstream's wording. */
export function validateAccessReview(object: KubeObject, forUser: boolean): FieldError[] {
  const spec = (object.spec ?? {}) as AccessReviewSpec;
  const errors: FieldError[] = [];
  const both = spec.resourceAttributes !== undefined && spec.nonResourceAttributes !== undefined;
  const neither = spec.resourceAttributes === undefined && spec.nonResourceAttributes === undefined;
  if (both) errors.push(invalid("spec.nonResourceAttributes", spec.nonResourceAttributes, "cannot be specified in combination with resourceAttributes"));
  if (neither) errors.push(invalid("spec.resourceAttributes", spec.resourceAttributes ?? null, "exactly one of nonResourceAttributes or resourceAttributes must be specified"));
  if (forUser && !spec.user && !(spec.groups ?? []).length) errors.push(invalid("spec.user", spec.user ?? "", "at least one of user or group must be specified"));
  return errors;
}

export function allowAll(review: KubeObject): KubeObject {
  return { ...review, status: { allowed: true } };
}

export function allRules(review: KubeObject): KubeObject {
  return {
    ...review,
    status: {
      resourceRules: [{ verbs: ["*"], apiGroups: ["*"], resources: ["*"] }],
      nonResourceRules: [{ verbs: ["*"], nonResourceURLs: ["*"] }],
      incomplete: false,
    },
  };
}
