/**
 * A token bucket: at most `capacity` calls at once, refilled at `perSecond` — how trustmap keeps
 * to CloudTrail LookupEvents' limit of two requests per second per account and region
 * (https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_LookupEvents.html). Pure:
 * the clock is passed in, so tests drive it without waiting.
 */
/**
 * LookupEvents' pace: one token, refilled 1.8 times a second (a call every ~556 ms). A bucket of
 * two would allow three calls within half a second after a pause (two saved + one refilled),
 * which a limit of "two per second" counted over any one-second window refuses; and exactly 2/s
 * leaves no room for the network: two calls sent 1000 ms apart can arrive 998 ms apart.
 */
export const LOOKUP_RATE = { capacity: 1, perSecond: 1.8 } as const;

export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly capacity: number,
    private readonly perSecond: number,
    private readonly now: () => number,
  ) {
    this.tokens = capacity;
    this.last = now();
  }

  private refill(): void {
    const t = this.now();
    if (t > this.last) {
      this.tokens = Math.min(this.capacity, this.tokens + ((t - this.last) / 1000) * this.perSecond);
      this.last = t;
    }
  }

  /**
   * Take one token if there is one: 0 means go now; otherwise the milliseconds to wait before
   * asking again (nothing is taken).
   */
  tryTake(): number {
    this.refill();
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - this.tokens) / this.perSecond) * 1000);
  }

  /** Wait (with `sleep`) until a token is free, then take it. */
  async take(sleep: (ms: number) => Promise<void>): Promise<void> {
    for (let wait = this.tryTake(); wait > 0; wait = this.tryTake()) await sleep(wait);
  }
}

/** One bucket per key (account and region), created on first use. */
export class KeyedTokenBuckets {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    private readonly capacity: number,
    private readonly perSecond: number,
    private readonly now: () => number,
  ) {}

  bucket(key: string): TokenBucket {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = new TokenBucket(this.capacity, this.perSecond, this.now);
      this.buckets.set(key, bucket);
    }
    return bucket;
  }
}
