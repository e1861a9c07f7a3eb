import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { parse as parseYaml } from "yaml";
import { openApiV3Documents } from "../openapi/index.js";
import { serveOpenApiV2 } from "../openapi/v2/index.js";
import type { CustomResourceDefinition } from "./definition.js";
import { servedKinds } from "./kind.js";
import { requestedNames } from "./names.js";

const crd = parseYaml(readFileSync(join(__dirname, "..", "..", "..", "fixtures", "crd-widget.yaml"), "utf8")) as CustomResourceDefinition;
const kinds = servedKinds(crd, requestedNames(crd));

type Definition = { properties?: Record<string, Definition>; required?: string[]; enum?: string[]; "x-kubernetes-group-version-kind"?: unknown };

test("the OpenAPI v3 document of the group-version carries the definition's schema, for kubectl explain", () => {
  const served = openApiV3Documents(kinds).get("apis/example.mini.dev/v1");
  assert.ok(served, "a document for example.mini.dev/v1");
  const schemas = (served.document as unknown as { components: { schemas: Record<string, Definition> } }).components.schemas;
  const widget = schemas["dev.mini.example.v1.Widget"];
  assert.deepEqual(widget?.["x-kubernetes-group-version-kind"], [{ group: "example.mini.dev", version: "v1", kind: "Widget" }]);
  assert.deepEqual(widget?.properties?.["spec"]?.required, ["size"]);
  assert.deepEqual(widget?.properties?.["spec"]?.properties?.["color"]?.enum, ["red", "green", "blue"]);
});

test("the OpenAPI v2 document defines the custom kind and its list", () => {
  const served = serveOpenApiV2(kinds, "application/json");
  const definitions = (JSON.parse(String(served.body)) as { definitions: Record<string, Definition> }).definitions;
  assert.ok(definitions["dev.mini.example.v1.WidgetList"]);
  assert.deepEqual(definitions["dev.mini.example.v1.Widget"]?.properties?.["spec"]?.required, ["size"]);
});
