/**
 * The discovery tests' kinds plus one whose schema uses every Schema
 * feature the 2.0 conversion and the protobuf encoder treat specially.
 */
import { objectSchema } from "../../../apis/common/meta.js";
import type { KindDefinition } from "../../../apis/types.js";
import { deployments, namespaces, pods } from "../../discovery/_test-kinds.js";

export const widgets: KindDefinition = {
  ...deployments,
  group: "example.mini.dev",
  version: "v1alpha1",
  kind: "Widget",
  listKind: "WidgetList",
  plural: "widgets",
  singular: "widget",
  shortNames: [],
  categories: [],
  subresources: { status: false },
  schema: objectSchema("A widget.", {
    spec: {
      type: "object",
      description: "Desired widget.",
      properties: {
        port: { format: "int-or-string", description: "Number or name.", "x-kubernetes-int-or-string": true },
        memory: { description: "A quantity.", "x-kubernetes-int-or-string": true },
        mode: { type: "string", enum: ["Fast", "Slow"], default: "Fast", description: "How fast." },
        ratio: { type: "number", minimum: 0.5, maximum: 1024.25, description: "A ratio." },
        code: { type: "string", maxLength: 300, pattern: "^[a-z]+$", description: "A code." },
        note: { type: "string", nullable: true, description: "Optional text." },
        closed: { type: "object", additionalProperties: false, description: "No keys allowed." },
        open: { type: "object", additionalProperties: true, description: "Any keys." },
        sizes: { type: "object", additionalProperties: { type: "integer", format: "int64" }, description: "Named sizes." },
        raw: { "x-kubernetes-preserve-unknown-fields": true, description: "Anything." },
        parts: {
          type: "array",
          description: "Parts, merged by name.",
          items: { type: "object", required: ["name"], properties: { name: { type: "string", description: "Part name." } } },
          "x-kubernetes-list-type": "map",
          "x-kubernetes-list-map-keys": ["name"],
          "x-kubernetes-patch-merge-key": "name",
          "x-kubernetes-patch-strategy": "merge",
        },
      },
    },
  }),
};

export const kinds: readonly KindDefinition[] = [namespaces, pods, deployments, widgets];
