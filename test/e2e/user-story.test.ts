/**
 * Issue 2's user story with the default kubectl (`kubectl` on PATH, or KUBECTL): apply the seed
 * app, look at it, apply again, scale it by editing the file, delete it.
 */
import { after, before, test } from "node:test";
import { startMini, type Mini } from "../harness.js";
import { userStory } from "../story.js";

let mini: Mini;
before(async () => {
  mini = await startMini();
});
after(async () => {
  await mini?.dispose();
});

for (const step of userStory) {
  test(step.name, async () => {
    await step.run(mini);
  });
}
