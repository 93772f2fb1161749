import { describe, expect, it } from "vitest";
import { KeyedTokenBuckets, LOOKUP_RATE, TokenBucket } from "@/lib/usage/token-bucket";

describe("LookupEvents is paced at two requests per second per account and Region", () => {
  it("a bucket of two allows a burst of two, then one every 500 ms", async () => {
    let now = 0;
    const sent: number[] = [];
    const bucket = new TokenBucket(2, 2, () => now);
    const sleep = async (ms: number) => {
      now += ms;
    };
    for (let i = 0; i < 6; i++) {
      await bucket.take(sleep);
      sent.push(now);
    }
    expect(sent).toEqual([0, 0, 500, 1000, 1500, 2000]);
  });

  it("the pace trustmap uses (one token, two per second) never lets more than two through in any one-second window, whatever the timing (fake clock)", async () => {
    let now = 0;
    const bucket = new TokenBucket(LOOKUP_RATE.capacity, LOOKUP_RATE.perSecond, () => now);
    const sent: number[] = [];
    for (let i = 0; i < 200; i++) {
      now += [0, 3, 170, 499, 1, 0, 2500][i % 7] as number;
      await bucket.take(async (ms) => {
        now += ms;
      });
      sent.push(now);
    }
    for (let i = 2; i < sent.length; i++) expect((sent[i] as number) - (sent[i - 2] as number)).toBeGreaterThanOrEqual(1000);
  });

  it("refills up to the burst only", () => {
    let now = 0;
    const bucket = new TokenBucket(2, 2, () => now);
    now = 60_000;
    expect([bucket.tryTake(), bucket.tryTake(), bucket.tryTake()]).toEqual([0, 0, 500]);
  });

  it("keeps one bucket per account and Region", () => {
    const now = 0;
    const buckets = new KeyedTokenBuckets(LOOKUP_RATE.capacity, LOOKUP_RATE.perSecond, () => now);
    expect([buckets.bucket("a").tryTake(), buckets.bucket("a").tryTake()]).toEqual([0, 556]);
    expect(buckets.bucket("b").tryTake()).toBe(0);
  });
});
