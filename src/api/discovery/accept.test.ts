import assert from "node:assert/strict";
import { test } from "node:test";
import { wantsAggregatedDiscovery } from "./accept.js";

const V2 = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";
const V2BETA1 = "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList";

test("wantsAggregatedDiscovery() answers the v2 document to what kubectl sends", () => {
  assert.equal(wantsAggregatedDiscovery(`${V2},${V2BETA1},application/json`), "v2");
});

test("wantsAggregatedDiscovery() answers v2beta1 to a client that accepts only that", () => {
  assert.equal(wantsAggregatedDiscovery(`${V2BETA1},application/json`), "v2beta1");
});

test("wantsAggregatedDiscovery() skips the protobuf forms it cannot serve", () => {
  const protobuf = "application/vnd.kubernetes.protobuf;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";
  assert.equal(wantsAggregatedDiscovery(`${protobuf},${V2},application/json`), "v2");
});

test("wantsAggregatedDiscovery() keeps the legacy document for plain JSON, wildcards and no header", () => {
  for (const accept of [undefined, "", "application/json", "*/*", "application/json, */*", `application/json,${V2}`]) {
    assert.equal(wantsAggregatedDiscovery(accept), undefined, String(accept));
  }
});

test("wantsAggregatedDiscovery() honours q-values and tolerates spaces and case", () => {
  assert.equal(wantsAggregatedDiscovery(`application/json;q=0.5, ${V2}`), "v2");
  assert.equal(wantsAggregatedDiscovery(`${V2};q=0.1, application/json`), undefined);
  assert.equal(wantsAggregatedDiscovery(`${V2};q=0, application/json`), undefined);
  assert.equal(wantsAggregatedDiscovery("Application/JSON; g=apidiscovery.k8s.io; v=v2; as=APIGroupDiscoveryList"), "v2");
});

test("wantsAggregatedDiscovery() ignores other as= forms and unknown versions", () => {
  assert.equal(wantsAggregatedDiscovery("application/json;as=Table;v=v1;g=meta.k8s.io,application/json"), undefined);
  assert.equal(wantsAggregatedDiscovery("application/json;g=apidiscovery.k8s.io;v=v3;as=APIGroupDiscoveryList"), undefined);
});
