/**
 * Table output for `kubectl get`: the kind's columns, one row per object,
 * and the object's metadata (or the whole object) on each row so that
 * `-A`, `--show-labels` and `-o wide` print what kubectl users expect.
 */
import type { KindDefinition, KubeObject } from "../apis/types.js";

export type IncludeObject = "None" | "Metadata" | "Object";

export interface TableOptions {
  readonly version: "v1" | "v1beta1";
  readonly includeObject: IncludeObject;
  readonly listMeta: Readonly<Record<string, unknown>>;
  readonly now: Date;
}

export function partialObjectMetadata(object: KubeObject, version: "v1" | "v1beta1"): Record<string, unknown> {
  return { kind: "PartialObjectMetadata", apiVersion: `meta.k8s.io/${version}`, metadata: object.metadata };
}

function rowObject(object: KubeObject, options: TableOptions): Record<string, unknown> | undefined {
  switch (options.includeObject) {
    case "None":
      return undefined;
    case "Metadata":
      return partialObjectMetadata(object, options.version);
    case "Object":
      return object;
    default: {
      const never: never = options.includeObject;
      throw new Error(`Unknown includeObject ${String(never)}`);
    }
  }
}

export function buildTable(kind: KindDefinition, objects: readonly KubeObject[], options: TableOptions): Record<string, unknown> {
  return {
    kind: "Table",
    apiVersion: `meta.k8s.io/${options.version}`,
    metadata: options.listMeta,
    columnDefinitions: kind.columns.map((c) => ({
      name: c.name,
      type: c.type,
      format: c.format ?? "",
      description: c.description,
      priority: c.priority,
    })),
    rows: objects.map((object) => {
      const row: Record<string, unknown> = { cells: kind.columns.map((c) => c.cell(object, options.now)) };
      const included = rowObject(object, options);
      if (included) row.object = included;
      return row;
    }),
  };
}

export function parseIncludeObject(value: string | undefined): IncludeObject {
  return value === "None" || value === "Object" ? value : "Metadata";
}
