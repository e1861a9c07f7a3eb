/**
 * A version of a kind served from another kind's storage, as upstream
 * serves autoscaling/v1 from autoscaling/v2 objects and events.k8s.io/v1
 * from core v1 Events: every object read is converted from the stored form,
 * every object written is converted to it, and the stored kind's strategy
 * (defaults, validation) applies to what is written.
 */
import type { KindDefinition, KubeObject, TableColumn } from "./types.js";

export interface VersionView {
  /** The kind as this version serves it: group, version, schema, columns. */
  readonly kind: KindDefinition;
  /** The kind whose objects are stored. */
  readonly storage: KindDefinition;
  /**
   * The served form → the stored form. `stored` is the current stored
   * object on updates, so fields this version cannot express survive.
   */
  toStorage(object: KubeObject, stored: KubeObject | undefined): KubeObject;
  /** The stored form → the served form. */
  fromStorage(object: KubeObject): KubeObject;
}

/** apiVersion of a kind definition as objects carry it. */
export function apiVersionOf(kind: KindDefinition): string {
  return kind.group ? `${kind.group}/${kind.version}` : kind.version;
}

/**
 * The stored kind's columns over served objects: upstream prints every
 * version of a resource with one printer of the internal form.
 */
export function convertedColumns(storage: KindDefinition, toStorage: VersionView["toStorage"]): readonly TableColumn[] {
  return storage.columns.map((column) => ({ ...column, cell: (object, now) => column.cell(toStorage(object, undefined), now) }));
}
