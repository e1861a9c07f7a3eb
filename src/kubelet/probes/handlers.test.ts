import assert from "node:assert/strict";
import { createServer as createHttpServer } from "node:http";
import { createServer, type AddressInfo, type Server } from "node:net";
import { test } from "node:test";
import type { KubeletRuntime } from "../runtime.js";
import { resolvePort, runHandler } from "./handlers.js";

function listen(server: Server | ReturnType<typeof createHttpServer>): Promise<number> {
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)));
}

// Network handlers never touch the runtime (exec probes are covered end to end with containerd).
const noRuntime = {} as KubeletRuntime;
const target = () => ({ runtime: noRuntime, containerId: "c1", container: { name: "c", ports: [{ name: "web", containerPort: 8080 }] }, podIP: "127.0.0.1", timeoutSeconds: 1 });

test("a named port resolves through the container's ports", () => {
  assert.equal(resolvePort("web", { ports: [{ name: "web", containerPort: 8080 }] }), 8080);
  assert.equal(resolvePort("81", {}), 81);
  assert.equal(resolvePort("nope", {}), undefined);
});

test("httpGet succeeds on 2xx and 3xx and fails with upstream's message otherwise", async () => {
  const server = createHttpServer((request, response) => {
    response.statusCode = request.url === "/healthz" ? 204 : 500;
    response.end();
  });
  const port = await listen(server);
  try {
    const ok = await runHandler({ httpGet: { path: "/healthz", port } }, target());
    assert.deepEqual(ok, { ok: true, message: "" });
    const bad = await runHandler({ httpGet: { path: "/broken", port } }, target());
    assert.deepEqual(bad, { ok: false, message: "HTTP probe failed with statuscode: 500" });
  } finally {
    server.close();
  }
});

test("tcpSocket succeeds on a connection and reports a refused one", async () => {
  const server = createServer((socket) => socket.end());
  const port = await listen(server);
  assert.deepEqual(await runHandler({ tcpSocket: { port } }, target()), { ok: true, message: "" });
  server.close();
  await new Promise((resolve) => server.once("close", resolve));
  assert.deepEqual(await runHandler({ tcpSocket: { port } }, target()), { ok: false, message: `dial tcp 127.0.0.1:${port}: connect: connection refused` });
});
