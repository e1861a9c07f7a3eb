/**
 * Secret (core/v1): sensitive data by key, base64 on the wire. Writes may
 * send plain text in `stringData`; like upstream's conversion, it is merged
 * into `data` and never stored. The type decides which keys must exist and
 * can never change.
 */
import { immutable, invalid, required, tooLong, type FieldError } from "../machinery/field-errors.js";
import { ageColumn, nameColumn } from "./columns.js";
import { objectSchema } from "./common/meta.js";
import { bytesMap } from "./common/core-schemas.js";
import { boolean, string, stringMap } from "./common/schema-builders.js";
import { base64Problem, MAX_DATA_SIZE, validateDataKeys, validateImmutableContents } from "./common/core-validation.js";
import type { KindDefinition, KubeObject } from "./types.js";

/** The secret types Kubernetes defines; any other non-empty string is allowed too. */
export const SECRET_TYPES = {
  opaque: "Opaque",
  serviceAccountToken: "kubernetes.io/service-account-token",
  dockercfg: "kubernetes.io/dockercfg",
  dockerConfigJson: "kubernetes.io/dockerconfigjson",
  basicAuth: "kubernetes.io/basic-auth",
  sshAuth: "kubernetes.io/ssh-auth",
  tls: "kubernetes.io/tls",
  bootstrapToken: "bootstrap.kubernetes.io/token",
} as const;

/** Annotation naming the service account of a service-account-token secret. */
export const SERVICE_ACCOUNT_NAME_ANNOTATION = "kubernetes.io/service-account.name";

interface Secret extends KubeObject {
  data?: Record<string, string>;
  stringData?: Record<string, string>;
  type?: string;
  immutable?: boolean;
}

const schema = objectSchema("Sensitive data such as passwords, tokens or keys.", {
  data: bytesMap("Secret values by key, base64-encoded."),
  immutable: boolean("When true, data can never change again."),
  stringData: stringMap("Write-only plain-text values, merged into data on write; they win over data."),
  type: string("What the secret holds, e.g. Opaque or kubernetes.io/tls; it decides the required keys."),
});

const REDACTED = "<secret contents redacted>";

/** Why `bytes` is not what Go's json.Unmarshal into a map accepts, or undefined. */
function jsonObjectProblem(bytes: Buffer): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString("utf8"));
  } catch (error: unknown) {
    return bytes.toString("utf8").trim() === "" ? "unexpected end of JSON input" : String((error as Error).message);
  }
  if (parsed === null || (typeof parsed === "object" && !Array.isArray(parsed))) return undefined;
  const type = Array.isArray(parsed) ? "array" : typeof parsed === "boolean" ? "bool" : typeof parsed;
  return `json: cannot unmarshal ${type} into Go value of type map[string]interface {}`;
}

function validateJsonKey(data: Record<string, string>, key: string): FieldError[] {
  const value = data[key];
  if (value === undefined) return [required(`data[${key}]`)];
  const problem = jsonObjectProblem(Buffer.from(value, "base64"));
  return problem ? [invalid(`data[${key}]`, REDACTED, problem)] : [];
}

/** The keys each well-known type requires. */
function validateTypeKeys(secret: Secret, data: Record<string, string>): FieldError[] {
  const has = (key: string) => Object.hasOwn(data, key);
  switch (secret.type) {
    case SECRET_TYPES.serviceAccountToken:
      return secret.metadata.annotations?.[SERVICE_ACCOUNT_NAME_ANNOTATION]
        ? []
        : [required(`metadata.annotations[${SERVICE_ACCOUNT_NAME_ANNOTATION}]`)];
    case SECRET_TYPES.dockercfg:
      return validateJsonKey(data, ".dockercfg");
    case SECRET_TYPES.dockerConfigJson:
      return validateJsonKey(data, ".dockerconfigjson");
    case SECRET_TYPES.basicAuth:
      // Either may be empty, but one of the two must be there.
      return has("username") || has("password") ? [] : [required("data[username]"), required("data[password]")];
    case SECRET_TYPES.sshAuth:
      return data["ssh-privatekey"] ? [] : [required("data[ssh-privatekey]")];
    case SECRET_TYPES.tls:
      return ["tls.crt", "tls.key"].filter((key) => !has(key)).map((key) => required(`data[${key}]`));
    default:
      return [];
  }
}

function validateSecret(secret: Secret): FieldError[] {
  const data = secret.data ?? {};
  const errors = validateDataKeys(data, "data");
  let size = 0;
  for (const [key, value] of Object.entries(data)) {
    const problem = base64Problem(value);
    if (problem) errors.push(invalid(`data[${key}]`, REDACTED, problem));
    else size += Buffer.from(value, "base64").length;
  }
  if (size > MAX_DATA_SIZE) errors.push(tooLong("data", MAX_DATA_SIZE));
  return [...errors, ...validateTypeKeys(secret, data)];
}

export const secretKind = {
  group: "",
  version: "v1",
  kind: "Secret",
  listKind: "SecretList",
  plural: "secrets",
  singular: "secret",
  shortNames: [],
  categories: [],
  namespaced: true,
  schema,
  tracksGeneration: false,
  subresources: { status: false },
  strategy: {
    defaults(object) {
      const secret = object as Secret;
      secret.type ||= SECRET_TYPES.opaque;
      if (secret.stringData) {
        const encoded = Object.entries(secret.stringData).map(([key, text]) => [key, Buffer.from(text, "utf8").toString("base64")]);
        if (encoded.length) secret.data = { ...secret.data, ...Object.fromEntries(encoded) };
        delete secret.stringData;
      }
    },
    validate: (object) => validateSecret(object as Secret),
    validateUpdate(object, old) {
      const secret = object as Secret;
      const previous = old as Secret;
      return [
        ...(secret.type === previous.type ? [] : [immutable("type", secret.type)]),
        ...validateImmutableContents(secret, previous, ["data"]),
      ];
    },
  },
  selectableFields: (object) => ({ type: (object as Secret).type ?? "" }),
  columns: [
    nameColumn,
    {
      name: "Type",
      type: "string",
      description: "The type of the secret.",
      priority: 0,
      cell: (object) => (object as Secret).type ?? "",
    },
    {
      name: "Data",
      type: "string",
      description: "Number of keys in data.",
      priority: 0,
      cell: (object) => Object.keys((object as Secret).data ?? {}).length,
    },
    ageColumn,
  ],
} satisfies KindDefinition;
