import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  backoffDelayMs,
  classifyNetworkError,
  DEFAULT_RETRY_POLICY,
  outcomeUnknown,
  retryDelayMs,
  type AttemptOutcome,
  type RetryContext,
  type RetryPolicy,
} from "@/lib/gitlab/retry-policy";

const policy: RetryPolicy = { maxRetries: 4, maxRetryAfterSeconds: 60, backoffMs: 500, maxBackoffMs: 8_000, maxTotalWaitMs: 120_000 };
const never = () => 0;
const half = () => 0.5;
const get: RetryContext = { method: "GET", retryableWrite: false, retries: 0, waitedMs: 0 };
const post: RetryContext = { ...get, method: "POST" };
const status = (s: number, retryAfterSeconds?: number): AttemptOutcome => ({ kind: "status", status: s, retryAfterSeconds });

describe("backoff schedule: capped exponential with equal jitter", () => {
  it("doubles per retry from the base and stops growing at the cap (lowest draw: half of each step)", () => {
    const schedule = [0, 1, 2, 3, 4, 5, 6].map((retry) => backoffDelayMs(retry, policy, never));
    expect(schedule).toEqual([250, 500, 1000, 2000, 4000, 4000, 4000]);
  });

  it("is deterministic for an injected random, and the highest draw reaches the full step", () => {
    expect([0, 1, 2].map((retry) => backoffDelayMs(retry, policy, half))).toEqual([375, 750, 1500]);
    expect([0, 1, 2, 6].map((retry) => backoffDelayMs(retry, policy, () => 0.999_999))).toEqual([500, 1000, 2000, 8000]);
  });

  it("always waits at least half and at most all of min(cap, base·2^retry)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (retry, draw) => {
        const ceiling = Math.min(policy.maxBackoffMs, policy.backoffMs * 2 ** retry);
        const delay = backoffDelayMs(retry, policy, () => draw);
        return delay >= Math.floor(ceiling / 2) && delay <= ceiling;
      }),
    );
  });

  it("the default policy's worst case (every wait at its ceiling) stays within its total bound", () => {
    const worst = Array.from({ length: DEFAULT_RETRY_POLICY.maxRetries }, (_, retry) => backoffDelayMs(retry, DEFAULT_RETRY_POLICY, () => 0.999_999));
    expect(worst.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(DEFAULT_RETRY_POLICY.maxTotalWaitMs);
  });
});

describe("which answers are retried, and after how long", () => {
  it("a 429 is retried for any method, after exactly its Retry-After", () => {
    expect(retryDelayMs(policy, status(429, 1), get, never)).toBe(1000);
    expect(retryDelayMs(policy, status(429, 1), post, never)).toBe(1000);
  });

  it("a 429 without Retry-After backs off; one whose Retry-After exceeds the bound gives up at once", () => {
    expect(retryDelayMs(policy, status(429), { ...get, retries: 2 }, never)).toBe(1000);
    expect(retryDelayMs(policy, status(429, 61), get, never)).toBeUndefined();
    expect(retryDelayMs(policy, status(429, 60), get, never)).toBe(60_000);
  });

  it("502/503/504 are retried for idempotent methods and for writes made safe to repeat, not for a plain POST", () => {
    for (const s of [502, 503, 504]) {
      for (const method of ["GET", "PUT", "DELETE"]) expect(retryDelayMs(policy, status(s), { ...get, method }, never)).toBe(250);
      expect(retryDelayMs(policy, status(s), post, never)).toBeUndefined();
      expect(retryDelayMs(policy, status(s), { ...post, retryableWrite: true }, never)).toBe(250);
    }
  });

  it("a 503 with Retry-After waits that long", () => {
    expect(retryDelayMs(policy, status(503, 2), get, never)).toBe(2000);
  });

  it("500 and other errors are not retried", () => {
    for (const s of [400, 401, 403, 404, 409, 500]) expect(retryDelayMs(policy, status(s), get, never)).toBeUndefined();
  });

  it("a connection that never reached GitLab is retried even for a POST; a broken one only where repeating is safe", () => {
    expect(retryDelayMs(policy, { kind: "network", failure: "not-sent" }, post, never)).toBe(250);
    expect(retryDelayMs(policy, { kind: "network", failure: "broken" }, get, never)).toBe(250);
    expect(retryDelayMs(policy, { kind: "network", failure: "broken" }, post, never)).toBeUndefined();
    expect(retryDelayMs(policy, { kind: "network", failure: "broken" }, { ...post, retryableWrite: true }, never)).toBe(250);
    expect(retryDelayMs(policy, { kind: "network", failure: "other" }, get, never)).toBeUndefined();
  });

  it("gives up after maxRetries retries", () => {
    expect(retryDelayMs(policy, status(503), { ...get, retries: 3 }, never)).toBe(2000);
    expect(retryDelayMs(policy, status(503), { ...get, retries: 4 }, never)).toBeUndefined();
  });

  it("gives up when the next wait would pass the total bound, however the wait came about", () => {
    const nearlySpent = { ...get, waitedMs: 119_500 };
    expect(retryDelayMs(policy, status(429, 1), nearlySpent, never)).toBeUndefined();
    expect(retryDelayMs(policy, status(503), nearlySpent, never)).toBe(250);
    expect(retryDelayMs(policy, status(503), { ...nearlySpent, retries: 2 }, never)).toBeUndefined();
  });
});

describe("what a failed attempt leaves unknown", () => {
  it("a gateway answer or a broken connection may have been applied; a 429 or an unsent request was not", () => {
    expect([status(502), status(503), status(504)].every(outcomeUnknown)).toBe(true);
    expect(outcomeUnknown({ kind: "network", failure: "broken" })).toBe(true);
    expect(outcomeUnknown(status(429))).toBe(false);
    expect(outcomeUnknown(status(500))).toBe(false);
    expect(outcomeUnknown({ kind: "network", failure: "not-sent" })).toBe(false);
  });

  it("classifies transport errors by their code, looking through causes", () => {
    const coded = (code: string) => Object.assign(new Error(code), { code });
    expect(classifyNetworkError(coded("ECONNREFUSED"))).toBe("not-sent");
    expect(classifyNetworkError(coded("UND_ERR_CONNECT_TIMEOUT"))).toBe("not-sent");
    for (const code of ["ECONNRESET", "UND_ERR_SOCKET", "ETIMEDOUT", "EPIPE", "UND_ERR_HEADERS_TIMEOUT"]) expect(classifyNetworkError(coded(code))).toBe("broken");
    expect(classifyNetworkError(new Error("fetch failed", { cause: coded("ECONNRESET") }))).toBe("broken");
    expect(classifyNetworkError(new TypeError("oops"))).toBe("other");
    expect(classifyNetworkError(new DOMException("The operation was aborted due to timeout", "TimeoutError"))).toBe("other");
  });
});
