import assert from "node:assert/strict";
import { test } from "node:test";
import { kinds } from "./_test-kinds.js";
import { openApiV2Document } from "./document.js";
import { encodeOpenApiV2 } from "./encode.js";
import { OPENAPI_V2_PROTOBUF, openApiV2ContentType, serveOpenApiV2 } from "./serve.js";

/** What kubectl 1.27 and 1.28 send. */
const KUBECTL_ACCEPT = "application/com.github.proto-openapi.spec.v2@v1.0+protobuf";

test("openApiV2ContentType() answers kubectl's request with the protobuf type spelled without '@'", () => {
  assert.equal(OPENAPI_V2_PROTOBUF, "application/com.github.proto-openapi.spec.v2.v1.0+protobuf");
  const cases: [string | undefined, string][] = [
    [KUBECTL_ACCEPT, OPENAPI_V2_PROTOBUF],
    [OPENAPI_V2_PROTOBUF, OPENAPI_V2_PROTOBUF],
    [`application/json;q=0.5, ${KUBECTL_ACCEPT}`, OPENAPI_V2_PROTOBUF],
    [`${KUBECTL_ACCEPT};q=0`, "application/json"],
    ["application/json, */*", "application/json"],
    [undefined, "application/json"],
  ];
  for (const [accept, expected] of cases) assert.equal(openApiV2ContentType(accept), expected, String(accept));
});

test("serveOpenApiV2() gives the protobuf bytes or the JSON text of the same document", () => {
  const document = openApiV2Document(kinds);
  const protobuf = serveOpenApiV2(kinds, KUBECTL_ACCEPT);
  assert.equal(protobuf.contentType, OPENAPI_V2_PROTOBUF);
  assert.deepEqual(protobuf.body, encodeOpenApiV2(document));
  const json = serveOpenApiV2(kinds, "application/json");
  assert.equal(json.contentType, "application/json");
  assert.ok(typeof json.body === "string");
  assert.deepEqual(JSON.parse(json.body), JSON.parse(JSON.stringify(document)));
});
