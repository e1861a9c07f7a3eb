/**
 * Issue 2's user story (apply the seed app, look at it, apply again, scale it by editing the file,
 * delete it), once per kubectl: the default one (`kubectl` on PATH, or KUBECTL), and the oldest and
 * newest of the gcloud SDK, run directly rather than through the dispatcher. Each kubectl gets its
 * own mini; the three start at once and their stories run side by side, each in order.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { defaultKubectl, gcloudKubectl, requireKubectl, startMini, type Mini } from "../harness.js";
import { userStory } from "../story.js";

interface Variant {
  readonly title: string;
  readonly binary: string;
  /** What `version --client` must report; undefined for the default kubectl, whatever it is. */
  readonly version?: RegExp;
}

const variants: readonly Variant[] = [
  { title: "with the default kubectl", binary: defaultKubectl() },
  ...[27, 33].map((minor) => ({ title: `with kubectl 1.${minor}`, binary: gcloudKubectl(minor), version: new RegExp(`v1\\.${minor}\\.`) })),
];
const started = new Map<Variant, Promise<Mini>>();

before(() => {
  for (const variant of variants) {
    const mini =
      variant.version === undefined || existsSync(variant.binary)
        ? startMini({ kubectl: variant.binary })
        : Promise.reject(
            new Error(
              `${variant.binary} is missing: install the gcloud SDK's kubectl component ` +
                "(gcloud components install kubectl), which provides kubectl.1.27 … kubectl.1.33 there",
            ),
          );
    mini.catch(() => undefined); // Reported by every test of the variant.
    started.set(variant, mini);
  }
});
after(async () => {
  await Promise.all([...started.values()].map(async (mini) => (await mini.catch(() => undefined))?.dispose()));
});

describe("the user story", { concurrency: true }, () => {
  for (const variant of variants) {
    describe(variant.title, { concurrency: 1 }, () => {
      const { version } = variant;
      if (version !== undefined) {
        test(`${variant.binary} is installed and reports that version`, async () => {
          assert.ok(existsSync(variant.binary), `${variant.binary} is missing: install the gcloud SDK's kubectl component`);
          assert.match(await requireKubectl(variant.binary), version);
        });
      }
      for (const step of userStory) {
        test(step.name, async () => {
          await step.run(await (started.get(variant) as Promise<Mini>));
        });
      }
    });
  }
});
