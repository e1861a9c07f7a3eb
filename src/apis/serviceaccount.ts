/**
 * ServiceAccount (core/v1): the identity pods run as. Its secret references
 * keep only their names, as upstream's strategy trims them on every write.
 */
import { ageColumn, nameColumn } from "./columns.js";
import { objectSchema } from "./common/meta.js";
import { atomicList, mapList } from "./common/core-schemas.js";
import { localObjectReferenceSchema, objectReferenceSchema } from "./common/reference-schemas.js";
import { boolean, describe } from "./common/schema-builders.js";
import type { KindDefinition, KubeObject } from "./types.js";

interface ServiceAccount extends KubeObject {
  secrets?: { name?: string }[];
}

const schema = objectSchema("An identity for processes in pods, with the secrets they may use.", {
  automountServiceAccountToken: boolean("Whether pods using this account get an API token mounted by default."),
  imagePullSecrets: atomicList(
    describe(localObjectReferenceSchema, "A secret in this namespace with registry credentials."),
    "Secrets used to pull images for pods that run as this account.",
  ),
  secrets: mapList(describe(objectReferenceSchema, "A secret in this namespace."), "Secrets pods using this account may use.", ["name"]),
});

/** Only the name of a secret reference means anything here. */
function trimSecretReferences(object: KubeObject): void {
  const account = object as ServiceAccount;
  if (account.secrets) account.secrets = account.secrets.map(({ name }) => (name === undefined ? {} : { name }));
}

export const serviceAccountKind = {
  group: "",
  version: "v1",
  kind: "ServiceAccount",
  listKind: "ServiceAccountList",
  plural: "serviceaccounts",
  singular: "serviceaccount",
  shortNames: ["sa"],
  categories: [],
  namespaced: true,
  schema,
  tracksGeneration: false,
  subresources: { status: false },
  strategy: {
    prepareForCreate: trimSecretReferences,
    prepareForUpdate: trimSecretReferences,
  },
  columns: [
    nameColumn,
    {
      name: "Secrets",
      type: "string",
      description: "Number of secrets the account references.",
      priority: 0,
      cell: (object) => (object as ServiceAccount).secrets?.length ?? 0,
    },
    ageColumn,
  ],
} satisfies KindDefinition;
