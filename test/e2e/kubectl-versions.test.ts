/**
 * The same user story with the oldest and newest kubectl of the gcloud SDK, run directly (not
 * through the dispatcher), each against its own mini; both minis start at once.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { gcloudKubectl, requireKubectl, startMini, type Mini } from "../harness.js";
import { userStory } from "../story.js";

const MINORS = [27, 33] as const;
const started = new Map<number, Promise<Mini>>();

before(() => {
  for (const minor of MINORS) {
    const binary = gcloudKubectl(minor);
    const mini = existsSync(binary)
      ? startMini({ kubectl: binary })
      : Promise.reject(
          new Error(
            `${binary} is missing: install the gcloud SDK's kubectl component (gcloud components install kubectl), ` +
              "which provides kubectl.1.27 … kubectl.1.33 there",
          ),
        );
    mini.catch(() => undefined); // Reported by the tests that use it.
    started.set(minor, mini);
  }
});
after(async () => {
  await Promise.all([...started.values()].map(async (mini) => (await mini.catch(() => undefined))?.dispose()));
});

// The two versions run side by side, each story in order on its own mini.
describe("the user story with older and newer kubectl", { concurrency: true }, () => {
  for (const minor of MINORS) {
    const binary = gcloudKubectl(minor);
    describe(`with kubectl 1.${minor}`, { concurrency: 1 }, () => {
      test(`kubectl.1.${minor} is installed and reports client version 1.${minor}`, async () => {
        assert.ok(existsSync(binary), `${binary} is missing: install the gcloud SDK's kubectl component`);
        const version = await requireKubectl(binary);
        assert.match(version, new RegExp(`v1\\.${minor}\\.`), version);
      });

      for (const step of userStory) {
        test(step.name, async () => {
          const mini = await (started.get(minor) as Promise<Mini>);
          await step.run(mini);
        });
      }
    });
  }
});
