import { test } from "node:test";
import assert from "node:assert/strict";
import { eventually, testCluster } from "./_test-kit.js";
import { startServiceAccountController } from "./serviceaccount.js";

test("every active namespace gets a default ServiceAccount, re-created when deleted", async () => {
  const cluster = await testCluster();
  await cluster.createNamespace("before");
  startServiceAccountController(cluster.context);
  await cluster.start();
  const accounts = cluster.client.resource("", "ServiceAccount");
  const present = (namespace: string) =>
    eventually(`default ServiceAccount in ${namespace}`, async () => {
      const { items } = await accounts.list({ namespace });
      return items.some((account) => account.metadata.name === "default") ? true : undefined;
    });
  try {
    await present("before");
    await cluster.createNamespace("after");
    await present("after");
    await accounts.delete("after", "default");
    await present("after");

    // A terminating namespace gets none.
    await cluster.createNamespace("leaving");
    await present("leaving");
    await cluster.client.resource("", "Namespace").delete("", "leaving");
    await accounts.delete("leaving", "default");
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.deepEqual((await accounts.list({ namespace: "leaving" })).items, []);
  } finally {
    await cluster.stop();
  }
});
