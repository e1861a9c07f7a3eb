/**
 * The same user story with the oldest and newest kubectl of the gcloud SDK, run directly (not
 * through the dispatcher), each against its own mini.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { gcloudKubectl, requireKubectl, startMini, type Mini } from "../harness.js";
import { userStory } from "../story.js";

for (const minor of [27, 33]) {
  const binary = gcloudKubectl(minor);
  describe(`with kubectl 1.${minor}`, () => {
    let mini: Mini | undefined;
    before(async () => {
      assert.ok(
        existsSync(binary),
        `${binary} is missing: install the gcloud SDK's kubectl component (gcloud components install kubectl), ` +
          `which provides kubectl.1.27 … kubectl.1.33 there`,
      );
      mini = await startMini({ kubectl: binary });
    });
    after(async () => {
      await mini?.dispose();
    });

    test(`kubectl.1.${minor} is installed and reports client version 1.${minor}`, async () => {
      const version = await requireKubectl(binary);
      assert.match(version, new RegExp(`v1\\.${minor}\\.`), version);
    });

    for (const step of userStory) {
      test(step.name, async () => {
        assert.ok(mini, "mini started");
        await step.run(mini);
      });
    }
  });
}
