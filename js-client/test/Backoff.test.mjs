import assert from "node:assert/strict";
import { test } from "node:test";
import { Backoff } from "../src/transport/Backoff.js";

test("delays double up to the cap, jittered between half and all of the nominal delay", () => {
  const low = new Backoff({ initialDelay: 100, maxDelay: 1000, random: () => 0 });
  const high = new Backoff({ initialDelay: 100, maxDelay: 1000, random: () => 1 });
  const lows = Array.from({ length: 6 }, () => low.next());
  const highs = Array.from({ length: 6 }, () => high.next());
  assert.deepEqual(lows, [50, 100, 200, 400, 500, 500]);
  assert.deepEqual(highs, [100, 200, 400, 800, 1000, 1000]);
});

test("reset starts again from the first delay; huge attempt counts do not overflow", () => {
  const backoff = new Backoff({ initialDelay: 100, maxDelay: 30000, random: () => 1 });
  for (let i = 0; i < 5000; i++) {
    backoff.next();
  }
  assert.equal(backoff.next(), 30000);
  backoff.reset();
  assert.equal(backoff.next(), 100);
});
