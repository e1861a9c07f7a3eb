/**
 * authorization.k8s.io/v1 reviews: ask whether a user may do something
 * (SubjectAccessReview, SelfSubjectAccessReview for the caller) or what the
 * caller may do in a namespace (SelfSubjectRulesReview). Create-only.
 */
import { createOnlyKind } from "./create-only.js";
import { boolean, describe, list, object, string } from "./common/schema-builders.js";
import { stringList } from "./common/core-schemas.js";

const resourceAttributes = object({
  group: string("API group of the resource; * means all."),
  name: string("Name of the object; empty means all."),
  namespace: string("Namespace of the action; empty means all namespaces for namespaced resources."),
  resource: string("Resource plural; * means all."),
  subresource: string("Subresource; empty means none."),
  verb: string("get, list, watch, create, update, patch, delete, deletecollection, or * for all."),
  version: string("API version of the resource; * means all."),
});

const nonResourceAttributes = object({
  path: string("The URL path."),
  verb: string("The HTTP verb, lower case."),
});

const accessStatus = object(
  {
    allowed: boolean("Whether the action is allowed."),
    denied: boolean("Whether the action is denied outright."),
    evaluationError: string("Error the authorizer met while deciding."),
    reason: string("Why the action is allowed or denied."),
  },
  ["allowed"],
);

const attributes = {
  nonResourceAttributes: describe(nonResourceAttributes, "A non-resource request to check."),
  resourceAttributes: describe(resourceAttributes, "A resource request to check."),
};

export const selfSubjectAccessReviewKind = createOnlyKind({
  group: "authorization.k8s.io",
  version: "v1",
  kind: "SelfSubjectAccessReview",
  plural: "selfsubjectaccessreviews",
  namespaced: false,
  description: "Asks whether the caller may perform an action.",
  spec: describe(object(attributes), "The action to check."),
  status: describe(accessStatus, "The answer."),
});

export const subjectAccessReviewKind = createOnlyKind({
  group: "authorization.k8s.io",
  version: "v1",
  kind: "SubjectAccessReview",
  plural: "subjectaccessreviews",
  namespaced: false,
  description: "Asks whether a given user may perform an action.",
  spec: describe(
    object({
      ...attributes,
      extra: { type: "object", description: "Extra user attributes.", additionalProperties: stringList("Values.") },
      groups: stringList("Groups of the user."),
      uid: string("UID of the user."),
      user: string("Name of the user."),
    }),
    "The user and the action to check.",
  ),
  status: describe(accessStatus, "The answer."),
});

const policyRule = (fields: Record<string, string>) =>
  object(Object.fromEntries(Object.entries(fields).map(([name, description]) => [name, list(string(""), description, { type: "atomic" })])));

export const selfSubjectRulesReviewKind = createOnlyKind({
  group: "authorization.k8s.io",
  version: "v1",
  kind: "SelfSubjectRulesReview",
  plural: "selfsubjectrulesreviews",
  namespaced: false,
  description: "Lists what the caller may do in a namespace.",
  spec: describe(object({ namespace: string("Namespace to evaluate rules for.") }), "The namespace to evaluate."),
  status: describe(
    object(
      {
        evaluationError: string("Error the authorizer met, when the rules may be incomplete."),
        incomplete: boolean("Whether the rule list is incomplete."),
        nonResourceRules: list(policyRule({ nonResourceURLs: "URL paths.", verbs: "Verbs." }), "Rules for non-resource URLs.", { type: "atomic" }),
        resourceRules: list(
          policyRule({ apiGroups: "API groups.", resourceNames: "Object names.", resources: "Resources.", verbs: "Verbs." }),
          "Rules for resources.",
          { type: "atomic" },
        ),
      },
      ["resourceRules", "nonResourceRules", "incomplete"],
    ),
    "The rules.",
  ),
});

