import assert from "node:assert/strict";
import { test } from "node:test";
import { parse } from "yaml";
import { Message } from "./_test-decoder.js";
import { kinds } from "./_test-kinds.js";
import { openApiV2Document } from "./document.js";
import { encodeOpenApiV2 } from "./encode.js";

/*
 * Field numbers below are facts of gnostic's openapi.v2 messages
 * (github.com/google/gnostic-models openapiv2/OpenAPIv2.proto), written out
 * here independently of the encoder's tables. Each reader rebuilds JSON
 * from a message and fails on any field number it does not expect, so the
 * round trip checks the numbers both ways.
 */

type Json = Record<string, unknown>;

function unexpected(message: Message, name: string, known: readonly number[]): void {
  const extra = [...message.numbers()].filter((number) => !known.includes(number));
  assert.deepEqual(extra, [], `unexpected fields in ${name}`);
}

function must<T>(value: T | undefined, what: string): T {
  assert.ok(value !== undefined, `missing ${what}`);
  return value;
}

/** Any: value=1 (google.protobuf.Any), yaml=2. */
const anyValue = (message: Message): unknown => parse(must(message.string(2), "Any.yaml"));

/** repeated NamedAny {name=1, value=2 Any} → the `x-` keys. */
function vendorExtensions(messages: readonly Message[]): Json {
  return Object.fromEntries(messages.map((named) => [must(named.string(1), "NamedAny.name"), anyValue(must(named.message(2), "NamedAny.value"))]));
}

/** A message of repeated Named* {name=1, value=2} at `field`. */
function namedMap(messages: readonly Message[], read: (value: Message) => unknown): Json {
  return Object.fromEntries(messages.map((named) => [must(named.string(1), "name"), read(must(named.message(2), "value"))]));
}

function schema(message: Message): Json {
  unexpected(message, "Schema", [1, 2, 4, 5, 7, 9, 11, 13, 19, 20, 21, 22, 23, 25, 31]);
  const json: Json = {};
  const set = (key: string, value: unknown): void => {
    if (value !== undefined) json[key] = value;
  };
  set("$ref", message.string(1));
  set("format", message.string(2));
  set("description", message.string(4));
  set("default", message.message(5) && anyValue(message.message(5) as Message));
  set("maximum", message.number(7));
  set("minimum", message.number(9));
  set("maxLength", message.number(11));
  set("pattern", message.string(13));
  if (message.strings(19).length > 0) json["required"] = message.strings(19);
  if (message.messages(20).length > 0) json["enum"] = message.messages(20).map(anyValue);
  const additional = message.message(21);
  if (additional) {
    // AdditionalPropertiesItem: oneof schema=1, boolean=2.
    unexpected(additional, "AdditionalPropertiesItem", [1, 2]);
    const nested = additional.message(1);
    json["additionalProperties"] = nested ? schema(nested) : additional.number(2) === 1;
  }
  const type = message.message(22);
  if (type) json["type"] = must(type.strings(1)[0], "TypeItem.value"); // TypeItem: repeated value=1
  const items = message.message(23);
  if (items) json["items"] = schema(must(items.messages(1)[0], "ItemsItem.schema")); // ItemsItem: repeated schema=1
  const properties = message.message(25);
  if (properties) json["properties"] = namedMap(properties.messages(1), schema); // Properties: additional_properties=1
  return { ...json, ...vendorExtensions(message.messages(31)) };
}

function parameter(item: Message): Json {
  // ParametersItem: parameter=1 → Parameter: body_parameter=1, non_body_parameter=2.
  unexpected(item, "ParametersItem", [1]);
  const wrapper = must(item.message(1), "ParametersItem.parameter");
  const body = wrapper.message(1);
  if (body) {
    unexpected(body, "BodyParameter", [2, 3, 4, 5]);
    return {
      name: body.string(2),
      in: body.string(3),
      ...(body.number(4) === 1 ? { required: true } : {}),
      schema: schema(must(body.message(5), "schema")),
    };
  }
  // NonBodyParameter: query_parameter_sub_schema=3 (type=6), path_parameter_sub_schema=4 (type=5).
  const nonBody = must(wrapper.message(2), "Parameter.non_body_parameter");
  unexpected(nonBody, "NonBodyParameter", [3, 4]);
  const query = nonBody.message(3);
  const sub = query ?? must(nonBody.message(4), "path_parameter_sub_schema");
  unexpected(sub, "ParameterSubSchema", [1, 2, 3, 4, query ? 6 : 5]);
  return {
    name: sub.string(4),
    in: sub.string(2),
    description: sub.string(3),
    ...(sub.number(1) === 1 ? { required: true } : {}),
    type: sub.string(query ? 6 : 5),
  };
}

function operation(message: Message): Json {
  unexpected(message, "Operation", [1, 3, 5, 6, 7, 8, 9, 10, 13]);
  const responses = must(message.message(9), "Operation.responses");
  unexpected(responses, "Responses", [1]);
  const parameters = message.messages(8).map(parameter);
  return {
    tags: message.strings(1),
    description: message.string(3),
    operationId: message.string(5),
    produces: message.strings(6),
    consumes: message.strings(7),
    ...(parameters.length > 0 ? { parameters } : {}),
    // NamedResponseValue → ResponseValue: response=1 → Response: description=1, schema=2 (SchemaItem: schema=1).
    responses: namedMap(responses.messages(1), (value) => {
      const response = must(value.message(1), "ResponseValue.response");
      unexpected(response, "Response", [1, 2]);
      const item = response.message(2);
      return { description: response.string(1), ...(item ? { schema: schema(must(item.message(1), "SchemaItem.schema")) } : {}) };
    }),
    schemes: message.strings(10),
    ...vendorExtensions(message.messages(13)),
  };
}

function pathItem(message: Message): Json {
  unexpected(message, "PathItem", [2, 3, 4, 5, 8, 9]);
  const json: Json = {};
  for (const [method, number] of [["get", 2], ["put", 3], ["post", 4], ["delete", 5], ["patch", 8]] as const) {
    const value = message.message(number);
    if (value) json[method] = operation(value);
  }
  if (message.messages(9).length > 0) json["parameters"] = message.messages(9).map(parameter);
  return json;
}

const document = openApiV2Document(kinds);
const decoded = new Message(encodeOpenApiV2(document));

test("the Document carries swagger=1, info=2, paths=8 and definitions=9", () => {
  unexpected(decoded, "Document", [1, 2, 8, 9]);
  assert.equal(decoded.string(1), "2.0");
  const info = must(decoded.message(2), "info");
  assert.deepEqual([info.string(1), info.string(2)], ["Kubernetes", "unversioned"]);
});

test("every definition decodes back to the JSON document's", () => {
  const definitions = must(decoded.message(9), "definitions"); // Definitions: additional_properties=1
  assert.deepEqual(namedMap(definitions.messages(1), schema), document.definitions);
  assert.deepEqual(
    definitions.messages(1).map((named) => named.string(1)),
    Object.keys(document.definitions),
    "definitions keep their order",
  );
});

test("every path decodes back to the JSON document's", () => {
  const paths = must(decoded.message(8), "paths"); // Paths: vendor_extension=1, path=2
  unexpected(paths, "Paths", [2]);
  assert.deepEqual(namedMap(paths.messages(2), pathItem), JSON.parse(JSON.stringify(document.paths)));
});

test("vendor extensions are NamedAny with the value as YAML text", () => {
  const definitions = must(decoded.message(9), "definitions").messages(1);
  const deployment = must(
    definitions.find((named) => named.string(1) === "io.k8s.api.apps.v1.Deployment")?.message(2),
    "Deployment definition",
  );
  const extension = must(deployment.messages(31).find((named) => named.string(1) === "x-kubernetes-group-version-kind"), "GVK extension");
  assert.deepEqual(anyValue(must(extension.message(2), "value")), [{ group: "apps", version: "v1", kind: "Deployment" }]);
});

test("an empty properties map is still written, so a reader sees an object with no fields", () => {
  const encoded = new Message(
    encodeOpenApiV2({ swagger: "2.0", info: { title: "t", version: "v" }, paths: {}, definitions: { Empty: { type: "object", properties: {} } } }),
  );
  const empty = must(must(encoded.message(9), "definitions").message(1)?.message(2), "Empty");
  assert.deepEqual(must(empty.message(25), "properties").fields, []);
  assert.deepEqual(schema(empty), { type: "object", properties: {} });
});
