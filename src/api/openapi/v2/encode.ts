/**
 * The Swagger 2.0 document as gnostic's `openapi.v2.Document` protobuf,
 * the body kubectl 1.27 and 1.28 ask `/openapi/v2` for and decode with
 * `proto.Unmarshal`. Field numbers are those of
 * github.com/google/gnostic-models openapiv2/OpenAPIv2.proto; only the
 * messages and fields mini's documents use are written. gnostic models
 * every JSON map as a repeated Named* message, and every JSON union
 * (parameter kinds, response or reference) as a wrapper with a oneof.
 */
import { NAMED, namedSchemasMessage, schemaMessage, vendorExtensions, type MessageBody } from "./encode-schema.js";
import { ProtoWriter } from "./proto-writer.js";
import { SWAGGER_METHODS } from "./types.js";
import type { SwaggerDocument, SwaggerMethod, SwaggerOperation, SwaggerParameter, SwaggerPathItem, SwaggerResponse } from "./types.js";

const DOCUMENT = { swagger: 1, info: 2, paths: 8, definitions: 9 } as const;
const INFO = { title: 1, version: 2 } as const;
const PATHS = { path: 2 } as const;
const PATH_ITEM = { get: 2, put: 3, post: 4, delete: 5, patch: 8, parameters: 9 } as const satisfies Record<SwaggerMethod | "parameters", number>;
const OPERATION = {
  tags: 1,
  description: 3,
  operationId: 5,
  produces: 6,
  consumes: 7,
  parameters: 8,
  responses: 9,
  schemes: 10,
  vendorExtension: 13,
} as const;
const PARAMETERS_ITEM = { parameter: 1 } as const;
const PARAMETER = { bodyParameter: 1, nonBodyParameter: 2 } as const;
const BODY_PARAMETER = { name: 2, in: 3, required: 4, schema: 5 } as const;
const NON_BODY_PARAMETER = { query: 3, path: 4 } as const;
/** QueryParameterSubSchema and PathParameterSubSchema agree up to `name`; the query one has allow_empty_value before `type`. */
const PARAMETER_SUB_SCHEMA = { required: 1, in: 2, description: 3, name: 4 } as const;
const PARAMETER_TYPE = { query: 6, path: 5 } as const;
const RESPONSES = { responseCode: 1 } as const;
const RESPONSE_VALUE = { response: 1 } as const;
const RESPONSE = { description: 1, schema: 2 } as const;
const SCHEMA_ITEM = { schema: 1 } as const;

/** A ParametersItem wrapping a Parameter of the right kind. */
function parametersItemMessage(parameter: SwaggerParameter): MessageBody {
  const inner: MessageBody =
    parameter.in === "body"
      ? (wrapper) =>
          wrapper.message(PARAMETER.bodyParameter, (body) => {
            body.string(BODY_PARAMETER.name, parameter.name);
            body.string(BODY_PARAMETER.in, parameter.in);
            body.bool(BODY_PARAMETER.required, parameter.required);
            body.message(BODY_PARAMETER.schema, schemaMessage(parameter.schema));
          })
      : (wrapper) =>
          wrapper.message(PARAMETER.nonBodyParameter, (nonBody) =>
            nonBody.message(NON_BODY_PARAMETER[parameter.in], (sub) => {
              sub.bool(PARAMETER_SUB_SCHEMA.required, parameter.required);
              sub.string(PARAMETER_SUB_SCHEMA.in, parameter.in);
              sub.string(PARAMETER_SUB_SCHEMA.description, parameter.description);
              sub.string(PARAMETER_SUB_SCHEMA.name, parameter.name);
              sub.string(PARAMETER_TYPE[parameter.in], parameter.type);
            }),
          );
  return (item) => item.message(PARAMETERS_ITEM.parameter, inner);
}

function responseMessage({ description, schema }: SwaggerResponse): MessageBody {
  return (writer) => {
    writer.string(RESPONSE.description, description);
    if (schema) writer.message(RESPONSE.schema, (item) => item.message(SCHEMA_ITEM.schema, schemaMessage(schema)));
  };
}

function operationMessage(operation: SwaggerOperation): MessageBody {
  return (writer) => {
    writer.strings(OPERATION.tags, operation.tags);
    writer.string(OPERATION.description, operation.description);
    writer.string(OPERATION.operationId, operation.operationId);
    writer.strings(OPERATION.produces, operation.produces);
    writer.strings(OPERATION.consumes, operation.consumes);
    for (const parameter of operation.parameters ?? []) writer.message(OPERATION.parameters, parametersItemMessage(parameter));
    writer.message(OPERATION.responses, (responses) => {
      for (const [code, response] of Object.entries(operation.responses)) {
        responses.message(RESPONSES.responseCode, (named) => {
          named.string(NAMED.name, code);
          named.message(NAMED.value, (value) => value.message(RESPONSE_VALUE.response, responseMessage(response)));
        });
      }
    });
    writer.strings(OPERATION.schemes, operation.schemes);
    for (const extension of vendorExtensions(operation)) writer.message(OPERATION.vendorExtension, extension);
  };
}

function pathItemMessage(item: SwaggerPathItem): MessageBody {
  return (writer) => {
    for (const method of SWAGGER_METHODS) {
      const operation = item[method];
      if (operation) writer.message(PATH_ITEM[method], operationMessage(operation));
    }
    for (const parameter of item.parameters ?? []) writer.message(PATH_ITEM.parameters, parametersItemMessage(parameter));
  };
}

export function encodeOpenApiV2(document: SwaggerDocument): Uint8Array {
  const writer = new ProtoWriter();
  writer.string(DOCUMENT.swagger, document.swagger);
  writer.message(DOCUMENT.info, (info) => {
    info.string(INFO.title, document.info.title);
    info.string(INFO.version, document.info.version);
  });
  writer.message(DOCUMENT.paths, (paths) => {
    for (const [name, item] of Object.entries(document.paths)) {
      paths.message(PATHS.path, (named) => {
        named.string(NAMED.name, name);
        named.message(NAMED.value, pathItemMessage(item));
      });
    }
  });
  writer.message(DOCUMENT.definitions, namedSchemasMessage(document.definitions));
  return writer.finish();
}
