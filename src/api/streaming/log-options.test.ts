import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ApiError } from "../../machinery/status.js";
import { parseLogOptions } from "./log-options.js";

const parse = (query: string, now = 1_000_000) => parseLogOptions("web", new URLSearchParams(query), now);

function refusal(query: string): { code: number; message: string } {
  try {
    parse(query);
  } catch (error: unknown) {
    assert.ok(error instanceof ApiError);
    return { code: error.code, message: error.status.message ?? "" };
  }
  assert.fail(`${query} was accepted`);
}

describe("parseLogOptions()", () => {
  it("reads every option kubectl sends", () => {
    const options = parse("container=app&follow=true&previous=true&timestamps=true&tailLines=5&limitBytes=100&sinceSeconds=10");
    assert.deepEqual(options, { container: "app", follow: true, previous: true, timestamps: true, tailLines: 5, sinceMs: 1_000_000 - 10_000, limitBytes: 100 });
  });

  it("defaults to the whole log of the only container, once", () => {
    assert.deepEqual(parse(""), { container: "", follow: false, previous: false, timestamps: false, tailLines: undefined, sinceMs: undefined, limitBytes: undefined });
  });

  it("takes sinceTime as RFC 3339", () => {
    assert.equal(parse("sinceTime=2026-11-25T20:00:00Z").sinceMs, Date.UTC(2026, 10, 25, 20));
  });

  it("refuses values out of range with upstream's field errors (422)", () => {
    assert.deepEqual(refusal("tailLines=-1"), { code: 422, message: 'PodLogOptions "web" is invalid: tailLines: Invalid value: -1: must be greater than or equal to 0' });
    assert.deepEqual(refusal("limitBytes=0"), { code: 422, message: 'PodLogOptions "web" is invalid: limitBytes: Invalid value: 0: must be greater than 0' });
    assert.deepEqual(refusal("sinceSeconds=0"), { code: 422, message: 'PodLogOptions "web" is invalid: sinceSeconds: Invalid value: 0: must be greater than 0' });
    assert.equal(refusal("sinceSeconds=5&sinceTime=2026-11-25T20:00:00Z").message, 'PodLogOptions "web" is invalid: sinceSeconds: Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified');
  });

  it("refuses values that are not numbers or booleans (400)", () => {
    assert.equal(refusal("tailLines=ten").code, 400);
    assert.equal(refusal("follow=yes").code, 400);
    assert.equal(refusal("sinceTime=yesterday").code, 400);
  });
});
