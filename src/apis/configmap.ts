/**
 * ConfigMap (core/v1): configuration for pods as text (`data`) and bytes
 * (`binaryData`). Keys become file names in volumes; `immutable: true`
 * freezes the contents for good.
 */
import { invalid, tooLong, type FieldError } from "../machinery/field-errors.js";
import { ageColumn, nameColumn } from "./columns.js";
import { objectSchema } from "./common/meta.js";
import { bytesMap } from "./common/core-schemas.js";
import { boolean, stringMap } from "./common/schema-builders.js";
import { base64Problem, MAX_DATA_SIZE, validateDataKeys, validateImmutableContents } from "./common/core-validation.js";
import type { KindDefinition, KubeObject } from "./types.js";

interface ConfigMap extends KubeObject {
  data?: Record<string, string>;
  binaryData?: Record<string, string>;
  immutable?: boolean;
}

const schema = objectSchema("Configuration data for pods to consume.", {
  binaryData: bytesMap("Binary values by key, base64-encoded; keys may not repeat those of data."),
  data: stringMap("UTF-8 text values by key; keys may not repeat those of binaryData."),
  immutable: boolean("When true, data and binaryData can never change again."),
});

function validateConfigMap(configMap: ConfigMap): FieldError[] {
  const data = configMap.data ?? {};
  const binaryData = configMap.binaryData ?? {};
  const errors = [...validateDataKeys(data, "data")];
  for (const key of Object.keys(data)) {
    if (Object.hasOwn(binaryData, key)) errors.push(invalid(`data[${key}]`, key, "duplicate of key present in binaryData"));
  }
  errors.push(...validateDataKeys(binaryData, "binaryData"));
  let size = Object.values(data).reduce((sum, value) => sum + Buffer.byteLength(value), 0);
  for (const [key, value] of Object.entries(binaryData)) {
    const problem = base64Problem(value);
    if (problem) errors.push(invalid(`binaryData[${key}]`, value, problem));
    else size += Buffer.from(value, "base64").length;
  }
  // Upstream reports the size limit against the whole object: an empty path.
  if (size > MAX_DATA_SIZE) errors.push(tooLong("", MAX_DATA_SIZE));
  return errors;
}

export const configMapKind = {
  group: "",
  version: "v1",
  kind: "ConfigMap",
  listKind: "ConfigMapList",
  plural: "configmaps",
  singular: "configmap",
  shortNames: ["cm"],
  categories: [],
  namespaced: true,
  schema,
  tracksGeneration: false,
  subresources: { status: false },
  strategy: {
    validate: (object) => validateConfigMap(object as ConfigMap),
    validateUpdate: (object, old) => validateImmutableContents(object as ConfigMap, old as ConfigMap, ["data", "binaryData"]),
  },
  columns: [
    nameColumn,
    {
      name: "Data",
      type: "string",
      description: "Number of keys in data and binaryData.",
      priority: 0,
      cell: (object) => Object.keys((object as ConfigMap).data ?? {}).length + Object.keys((object as ConfigMap).binaryData ?? {}).length,
    },
    ageColumn,
  ],
} satisfies KindDefinition;
