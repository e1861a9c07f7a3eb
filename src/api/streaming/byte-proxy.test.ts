import assert from "node:assert/strict";
import type { IncomingMessage } from "node:http";
import { describe, it } from "node:test";
import { forwardedHead } from "./byte-proxy.js";

describe("forwardedHead()", () => {
  it("sends the stream URL's path and token with the client's protocol headers, not its credentials", () => {
    const request = {
      method: "POST",
      rawHeaders: ["Host", "127.0.0.1:6443", "Authorization", "Bearer secret", "Connection", "Upgrade", "Upgrade", "SPDY/3.1", "X-Stream-Protocol-Version", "v4.channel.k8s.io", "X-Stream-Protocol-Version", "channel.k8s.io"],
    } as unknown as IncomingMessage;
    const head = forwardedHead(request, new URL("http://127.0.0.1:41234/exec/AbCd1234")).toString("latin1");
    assert.equal(
      head,
      [
        "POST /exec/AbCd1234 HTTP/1.1",
        "Host: 127.0.0.1:41234",
        "Connection: Upgrade",
        "Upgrade: SPDY/3.1",
        "X-Stream-Protocol-Version: v4.channel.k8s.io",
        "X-Stream-Protocol-Version: channel.k8s.io",
        "",
        "",
      ].join("\r\n"),
    );
  });
});
