import { test } from "node:test";
import assert from "node:assert/strict";
import { isIP } from "node:net";
import { clientUrl, extraSansFor } from "./address.js";

test("clientUrl() reaches a wildcard listener over loopback and brackets IPv6", () => {
  assert.deepEqual(
    [
      clientUrl("127.0.0.1", 6443),
      clientUrl("0.0.0.0", 6443),
      clientUrl("::", 6443),
      clientUrl("::1", 8443),
      clientUrl("mini.local", 1),
    ],
    [
      "https://127.0.0.1:6443",
      "https://127.0.0.1:6443",
      "https://127.0.0.1:6443",
      "https://[::1]:8443",
      "https://mini.local:1",
    ],
  );
});

test("extraSansFor() names a specific host, or every external address for a wildcard", () => {
  assert.deepEqual(extraSansFor("10.0.0.5"), ["10.0.0.5"]);
  assert.deepEqual(extraSansFor("mini.local"), ["mini.local"]);
  for (const address of extraSansFor("0.0.0.0")) {
    assert.notEqual(isIP(address), 0, address);
    assert.ok(!["127.0.0.1", "::1"].includes(address), "loopback is always covered anyway");
  }
});
