/**
 * authentication.k8s.io/v1 reviews: who the caller is (SelfSubjectReview,
 * `kubectl auth whoami`) and whom a bearer token stands for (TokenReview).
 * Create-only. TokenRequest, the body of serviceaccounts/<name>/token, is
 * in ./tokenrequest.ts.
 */
import { createOnlyKind } from "./create-only.js";
import { stringList } from "./common/core-schemas.js";
import { boolean, describe, object, string } from "./common/schema-builders.js";
import type { Schema } from "./types.js";

export const userInfoSchema: Schema = object({
  extra: { type: "object", description: "Extra attributes from the authenticator.", additionalProperties: stringList("Values.") },
  groups: stringList("Groups the user belongs to."),
  uid: string("Unique identifier of the user."),
  username: string("Name of the user."),
});

export const selfSubjectReviewKind = createOnlyKind({
  group: "authentication.k8s.io",
  version: "v1",
  kind: "SelfSubjectReview",
  plural: "selfsubjectreviews",
  namespaced: false,
  description: "Reports the user attributes the server sees for the caller.",
  status: describe(object({ userInfo: describe(userInfoSchema, "The caller's user attributes.") }), "The caller's identity."),
});

export const tokenReviewKind = createOnlyKind({
  group: "authentication.k8s.io",
  version: "v1",
  kind: "TokenReview",
  plural: "tokenreviews",
  namespaced: false,
  description: "Asks whom a bearer token authenticates.",
  spec: describe(object({ audiences: stringList("Audiences the token must be valid for."), token: string("The bearer token.") }), "The token to review."),
  status: describe(
    object({
      audiences: stringList("Audiences the token is valid for."),
      authenticated: boolean("Whether the token is valid."),
      error: string("Why the token is not valid."),
      user: describe(userInfoSchema, "Whom the token authenticates."),
    }),
    "The result.",
  ),
});
