/**
 * Table columns of a custom resource version: NAME, then the version's
 * additionalPrinterColumns (or AGE when it lists none), filled the way
 * upstream's CRD table convertor fills them: the first value the column's
 * JSONPath selects, converted to the column's type; dates print as ages.
 */
import { formatAge, nameColumn } from "../../apis/columns.js";
import type { TableColumn } from "../../apis/types.js";
import { evaluateJsonPath, parseJsonPath } from "./json-path.js";

export interface PrinterColumn {
  readonly name: string;
  readonly type: string;
  readonly jsonPath: string;
  readonly format?: string;
  readonly description?: string;
  readonly priority?: number;
}

const AGE: PrinterColumn = {
  name: "Age",
  type: "date",
  jsonPath: ".metadata.creationTimestamp",
  description: "CreationTimestamp is a timestamp representing the server time when this object was created.",
};

function cellOf(type: string, value: unknown, now: Date): string | number | boolean | null {
  switch (type) {
    case "string":
      return typeof value === "string" ? value : JSON.stringify(value);
    case "integer": {
      const number = typeof value === "string" ? Number(value) : value;
      return typeof number === "number" && Number.isFinite(number) ? Math.trunc(number) : null;
    }
    case "number":
      return typeof value === "number" ? value : null;
    case "boolean":
      return typeof value === "boolean" ? value : null;
    case "date":
      return typeof value === "string" ? formatAge(value, now) : null;
    default:
      return null;
  }
}

function columnType(type: string): TableColumn["type"] {
  return type === "integer" || type === "number" || type === "boolean" || type === "date" ? type : "string";
}

function column(definition: PrinterColumn): TableColumn {
  // A path beyond our JSONPath subset leaves its column empty rather than failing the kind.
  const parsed = parseJsonPath(definition.jsonPath);
  const steps = parsed.ok ? parsed.steps : null;
  return {
    name: definition.name,
    type: columnType(definition.type),
    ...(definition.format ? { format: definition.format } : {}),
    description: definition.description ?? `Custom resource definition column (in JSONPath format): ${definition.jsonPath}`,
    priority: (definition.priority ?? 0) > 0 ? 1 : 0,
    cell: (object, now) => {
      if (!steps) return null;
      const [value] = evaluateJsonPath(steps, object);
      return value === undefined || value === null ? null : cellOf(definition.type, value, now);
    },
  };
}

export function printerColumns(definitions: readonly PrinterColumn[] | undefined): TableColumn[] {
  const chosen = definitions && definitions.length > 0 ? definitions : [AGE];
  return [nameColumn, ...chosen.map(column)];
}
