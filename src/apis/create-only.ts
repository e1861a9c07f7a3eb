/**
 * Kinds that are requests, not objects: a client POSTs one and gets it back
 * answered (status filled); nothing is stored. Upstream serves
 * SelfSubjectAccessReview, TokenReview, serviceaccounts/token and the like
 * this way, and discovery lists them with the single verb `create`.
 */
import { objectSchema } from "./common/meta.js";
import type { KindDefinition, Schema } from "./types.js";

export interface CreateOnlyKind extends KindDefinition {
  readonly verbs: readonly ["create"];
}

export function isCreateOnly(kind: KindDefinition): kind is CreateOnlyKind {
  return (kind as Partial<CreateOnlyKind>).verbs?.[0] === "create";
}

export interface CreateOnlyFields {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly plural: string;
  readonly namespaced: boolean;
  readonly description: string;
  readonly spec?: Schema;
  readonly status?: Schema;
}

export function createOnlyKind(fields: CreateOnlyFields): CreateOnlyKind {
  return {
    group: fields.group,
    version: fields.version,
    kind: fields.kind,
    listKind: `${fields.kind}List`,
    plural: fields.plural,
    singular: fields.kind.toLowerCase(),
    shortNames: [],
    categories: [],
    namespaced: fields.namespaced,
    schema: objectSchema(fields.description, {
      ...(fields.spec ? { spec: fields.spec } : {}),
      ...(fields.status ? { status: fields.status } : {}),
    }),
    tracksGeneration: false,
    subresources: { status: false },
    strategy: {},
    columns: [],
    verbs: ["create"],
  };
}
