/**
 * Create-only resources (../../apis/create-only.ts): the request is
 * answered and handed back with its status; nothing is stored, and every
 * other verb is refused as upstream refuses it.
 */
import { selfSubjectAccessReviewKind, selfSubjectRulesReviewKind, subjectAccessReviewKind } from "../../apis/access-reviews.js";
import { selfSubjectReviewKind, tokenReviewKind } from "../../apis/authentication-reviews.js";
import type { CreateOnlyKind } from "../../apis/create-only.js";
import type { KubeObject } from "../../apis/types.js";
import { ApiError, badRequest, invalidObject } from "../../machinery/status.js";
import { required, type FieldError } from "../../machinery/field-errors.js";
import { requestUser, type User } from "../authn.js";
import type { ResourceContext } from "../handlers/context.js";
import { readObject } from "../handlers/write.js";
import { jsonResponse } from "../respond.js";
import { tokensOf } from "../service-account-tokens.js";
import { allowAll, allRules, validateAccessReview } from "./access.js";

interface Answer {
  readonly errors?: FieldError[];
  readonly object?: KubeObject;
}

type Responder = (review: KubeObject, context: ResourceContext, user: User) => Promise<Answer> | Answer;

function userInfo(user: User): Record<string, unknown> {
  return {
    username: user.name,
    ...(user.uid ? { uid: user.uid } : {}),
    groups: [...user.groups],
    ...(user.extra && Object.keys(user.extra).length ? { extra: user.extra } : {}),
  };
}

const RESPONDERS: ReadonlyMap<CreateOnlyKind, Responder> = new Map<CreateOnlyKind, Responder>([
  [selfSubjectAccessReviewKind, (review) => ({ errors: validateAccessReview(review, false), object: allowAll(review) })],
  [subjectAccessReviewKind, (review) => ({ errors: validateAccessReview(review, true), object: allowAll(review) })],
  [selfSubjectRulesReviewKind, (review) => ({ object: allRules(review) })],
  [selfSubjectReviewKind, (review, _context, user) => ({ object: { ...review, status: { userInfo: userInfo(user) } } })],
  [
    tokenReviewKind,
    async (review, context) => {
      const token = (review.spec as { token?: unknown } | undefined)?.token;
      if (typeof token !== "string" || token === "") return { errors: [required("spec.token")] };
      const outcome = await tokensOf(context.registry).authenticate(token);
      const status = outcome.ok
        ? { authenticated: true, user: userInfo(outcome.user), audiences: [...tokensOf(context.registry).apiAudiences] }
        : { user: {}, error: "[invalid bearer token, service account token is not valid]" };
      return { object: { ...review, status } };
    },
  ],
]);

/** Answers a request to a create-only resource. */
export async function answerCreateOnly(context: ResourceContext, kind: CreateOnlyKind): Promise<Response> {
  const { info } = context;
  if (info.verb !== "create" || info.name || info.subresource) {
    throw new ApiError("MethodNotAllowed", `the server does not allow this method on the requested resource`);
  }
  const responder = RESPONDERS.get(kind);
  if (!responder) throw new Error(`No responder for the create-only kind ${kind.kind}`);
  const review = await readObject(context);
  if (typeof review !== "object" || review === null || Array.isArray(review)) throw badRequest("the body of the request must be a JSON object");
  const apiVersion = kind.group ? `${kind.group}/${kind.version}` : kind.version;
  if (review.apiVersion !== undefined && review.apiVersion !== apiVersion) {
    throw badRequest(`the API version in the data (${String(review.apiVersion)}) does not match the expected API version (${apiVersion})`);
  }
  const answer = await responder({ ...review, apiVersion, kind: kind.kind, metadata: review.metadata ?? {} }, context, requestUser(context.outgoing.req));
  if (answer.errors?.length) throw invalidObject({ group: kind.group, plural: kind.plural, kind: kind.kind }, "", answer.errors);
  return jsonResponse(201, answer.object);
}
