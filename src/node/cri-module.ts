/**
 * The CRI client's module, loaded on first use. grpc-js, proto-loader and the
 * descriptor take 50–100 ms of CPU to load; `mini up` spawns containerd before
 * that, so containerd's own start runs on another core meanwhile. Everything
 * in src/node that makes CRI calls gets the client through here.
 */
export function loadCriClient(): Promise<typeof import("../cri/client.js")> {
  return import("../cri/client.js");
}
