import { test } from "node:test";
import assert from "node:assert/strict";
import type { PeerCertificate } from "node:tls";
import { userFromCertificate } from "./user.js";

// Subjects as Node's TLS layer builds them: one value is a string, several an array.
const cases: ReadonlyArray<{ name: string; subject: unknown; user: ReturnType<typeof userFromCertificate> }> = [
  {
    name: "CN is the name and a single O the only group",
    subject: { CN: "mini-admin", O: "system:masters" },
    user: { name: "mini-admin", groups: ["system:masters"] },
  },
  {
    name: "several O are several groups, in order",
    subject: { CN: "system:node:a", O: ["system:nodes", "team:b"] },
    user: { name: "system:node:a", groups: ["system:nodes", "team:b"] },
  },
  { name: "no O means no groups", subject: { CN: "jane" }, user: { name: "jane", groups: [] } },
  { name: "several CN resolve to the last, as in Go", subject: { CN: ["a", "b"] }, user: { name: "b", groups: [] } },
  { name: "no CN is no user", subject: { O: "system:masters" }, user: undefined },
  { name: "an empty CN is no user", subject: { CN: "" }, user: undefined },
  { name: "no certificate at all is no user", subject: undefined, user: undefined },
];

for (const { name, subject, user } of cases) {
  test(`userFromCertificate(): ${name}`, () => {
    const certificate = (subject === undefined ? {} : { subject }) as Pick<PeerCertificate, "subject">;
    assert.deepEqual(userFromCertificate(certificate), user);
  });
}
