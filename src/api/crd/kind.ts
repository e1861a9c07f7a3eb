/**
 * One KindDefinition per served version of a definition: the accepted
 * names, scope, object schema, subresources, printer columns and selectable
 * fields, with a strategy that defaults and validates by the schema.
 */
import type { KindDefinition, KubeObject } from "../../apis/types.js";
import { printerColumns } from "./columns.js";
import { applyDefaults } from "./defaults.js";
import type { CrdNames, CrdVersion, CustomResourceDefinition } from "./definition.js";
import { evaluateJsonPath, parseJsonPath } from "./json-path.js";
import { objectSchemaOf, type CrdSchema } from "./schema.js";
import { validateCustomObject } from "./validate.js";

/** Extra field selectors from the version's selectableFields (`.spec.color` → `spec.color`). */
function selectableFields(version: CrdVersion): ((object: KubeObject) => Record<string, string>) | undefined {
  // Selectable fields are simple dotted paths (upstream requires it), well inside our JSONPath subset.
  const fields = (version.selectableFields ?? []).flatMap(({ jsonPath }) => {
    const parsed = parseJsonPath(jsonPath);
    return parsed.ok ? [{ name: jsonPath.replace(/^\./, ""), steps: parsed.steps }] : [];
  });
  if (fields.length === 0) return undefined;
  return (object) => {
    const values: Record<string, string> = {};
    for (const field of fields) {
      const [value] = evaluateJsonPath(field.steps, object);
      values[field.name] = value === undefined || value === null ? "" : String(value);
    }
    return values;
  };
}

function versionKind(crd: CustomResourceDefinition, version: CrdVersion, names: CrdNames): KindDefinition & { readonly schema: CrdSchema } {
  const schema = objectSchemaOf(version.schema?.openAPIV3Schema, names.kind);
  const hasStatus = version.subresources?.status !== undefined;
  const scale = version.subresources?.scale;
  const fields = selectableFields(version);
  return {
    group: crd.spec.group,
    version: version.name,
    kind: names.kind,
    listKind: names.listKind ?? `${names.kind}List`,
    plural: names.plural,
    singular: names.singular ?? names.kind.toLowerCase(),
    shortNames: names.shortNames ?? [],
    categories: names.categories ?? [],
    namespaced: crd.spec.scope === "Namespaced",
    schema,
    tracksGeneration: true,
    subresources: {
      status: hasStatus,
      ...(scale
        ? { scale: { specReplicasPath: scale.specReplicasPath, statusReplicasPath: scale.statusReplicasPath, ...(scale.labelSelectorPath ? { labelSelectorPath: scale.labelSelectorPath } : {}) } }
        : {}),
    },
    strategy: {
      defaults: (object) => applyDefaults(object, schema),
      prepareForCreate: (object) => {
        // With a status subresource, status is written only through it.
        if (hasStatus) delete object.status;
      },
      validate: (object) => validateCustomObject(object, schema),
    },
    ...(fields ? { selectableFields: fields } : {}),
    columns: printerColumns(version.additionalPrinterColumns),
  };
}

/** The kinds to serve for a definition whose names were accepted as `names`. */
export function servedKinds(crd: CustomResourceDefinition, names: CrdNames): (KindDefinition & { readonly schema: CrdSchema })[] {
  return crd.spec.versions.filter((version) => version.served).map((version) => versionKind(crd, version, names));
}
