/**
 * A v3 path item in Swagger 2.0 form. The operations keep their ids, tags
 * and Kubernetes extensions; what 3.0 says with content maps, 2.0 says with
 * `consumes`/`produces` lists, a `body` parameter and one schema per
 * response. kubectl 1.27 and 1.28 look here for the PATCH operation tagged
 * with the kind's `x-kubernetes-group-version-kind` and its
 * `fieldValidation` parameter, to decide whether the server checks fields.
 */
import type { Operation, Parameter, PathItem, RequestBody } from "../index.js";
import { mapValues, swaggerSchema } from "./schema.js";
import { SWAGGER_METHODS } from "./types.js";
import type { BodyParameter, NonBodyParameter, SwaggerMethod, SwaggerOperation, SwaggerPathItem } from "./types.js";

function nonBodyParameter({ schema, ...rest }: Parameter): NonBodyParameter {
  return { ...rest, type: schema.type };
}

/** Every media type of a request body carries the same schema, so the first one speaks for all. */
function bodyParameter(body: RequestBody): BodyParameter {
  const [first] = Object.values(body.content);
  return { name: "body", in: "body", ...(body.required ? { required: true } : {}), schema: swaggerSchema(first?.schema ?? {}) };
}

function swaggerOperation({ requestBody, responses, parameters = [], ...rest }: Operation): SwaggerOperation {
  const produces = new Set(Object.values(responses).flatMap((response) => Object.keys(response.content ?? {})));
  const allParameters = [...(requestBody ? [bodyParameter(requestBody)] : []), ...parameters.map(nonBodyParameter)];
  return {
    ...rest,
    // Upstream lists `*/*` for operations without a body too.
    consumes: requestBody ? Object.keys(requestBody.content) : ["*/*"],
    produces: [...produces],
    schemes: ["https"],
    ...(allParameters.length > 0 ? { parameters: allParameters } : {}),
    responses: mapValues(responses, ({ description, content = {} }) => {
      const [first] = Object.values(content);
      return first ? { description, schema: swaggerSchema(first.schema) } : { description };
    }),
  };
}

export function swaggerPathItem(item: PathItem): SwaggerPathItem {
  const converted: { -readonly [M in SwaggerMethod]?: SwaggerOperation } = {};
  for (const method of SWAGGER_METHODS) {
    const operation = item[method];
    if (operation) converted[method] = swaggerOperation(operation);
  }
  return { ...(item.parameters ? { parameters: item.parameters.map(nonBodyParameter) } : {}), ...converted };
}
