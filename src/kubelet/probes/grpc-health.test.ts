import assert from "node:assert/strict";
import { Server, ServerCredentials, type ServiceDefinition } from "@grpc/grpc-js";
import { test } from "node:test";
import { decodeStatus, grpcHealthCheck } from "./grpc-health.js";

/** A real gRPC server answering grpc.health.v1.Health/Check: "ok" is SERVING (1), anything else NOT_SERVING (2). */
const HEALTH: ServiceDefinition = {
  Check: {
    path: "/grpc.health.v1.Health/Check",
    requestStream: false,
    responseStream: false,
    requestSerialize: (value: Buffer) => value,
    requestDeserialize: (bytes: Buffer) => bytes,
    responseSerialize: (status: number) => Buffer.from([0x08, status]),
    responseDeserialize: decodeStatus,
  },
};

test("grpc probes ask grpc.health.v1 and succeed only on SERVING", async () => {
  const server = new Server();
  server.addService(HEALTH, {
    Check: (call: { request: Buffer }, callback: (error: null, status: number) => void) => {
      // Field 1 (service name): tag 0x0a, length, bytes.
      const service = call.request.length > 2 ? call.request.subarray(2).toString() : "";
      callback(null, service === "ok" || service === "" ? 1 : 2);
    },
  });
  const port = await new Promise<number>((resolve, reject) => server.bindAsync("127.0.0.1:0", ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))));
  try {
    assert.deepEqual(await grpcHealthCheck(`127.0.0.1:${port}`, "ok", 2000), { ok: true, message: "" });
    assert.deepEqual(await grpcHealthCheck(`127.0.0.1:${port}`, "", 2000), { ok: true, message: "" });
    assert.deepEqual(await grpcHealthCheck(`127.0.0.1:${port}`, "down", 2000), { ok: false, message: "service unhealthy (responded with NOT_SERVING)" });
  } finally {
    server.forceShutdown();
  }
  const refused = await grpcHealthCheck(`127.0.0.1:${port}`, "", 1000);
  assert.equal(refused.ok, false);
});
