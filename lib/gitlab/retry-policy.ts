/**
 * When the GitLab transport (requester.ts, which owns the one retry loop) sends a request again,
 * and how long it waits first. Pure: no I/O, the clock and the dice are passed in.
 *
 * Transient answers are retried: 429 (always: GitLab's rate limiter refuses before doing
 * anything), 502/503/504 and broken connections (only where sending twice is harmless: an
 * idempotent method, or a write the caller has made safe to repeat, see `retryableWrite`), and
 * connections that never reached GitLab (always: nothing was sent). A 500 is not retried: it is
 * GitLab's own failure and tends to repeat.
 */

export interface RetryPolicy {
  /** Retries after the first attempt. */
  maxRetries: number;
  /** A `Retry-After` longer than this fails at once (THROTTLED for a 429) instead of waiting. */
  maxRetryAfterSeconds: number;
  /** Backoff base when the server gives no `Retry-After`; doubled per retry. */
  backoffMs: number;
  /** The backoff never exceeds this, before jitter. */
  maxBackoffMs: number;
  /** All waits of one request together stay below this; a wait that would pass it gives up instead. */
  maxTotalWaitMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxRetries: 4,
  maxRetryAfterSeconds: 60,
  backoffMs: 500,
  maxBackoffMs: 8_000,
  maxTotalWaitMs: 120_000,
};

/** `Retry-After` is either delay-seconds or an HTTP-date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === "") return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

/**
 * Capped exponential backoff with EQUAL jitter: half of `min(cap, base·2^retry)` for sure, the
 * other half random. Not full jitter (anywhere in `[0, d]`, what the AWS SDK uses): full jitter
 * is best when many clients retry many times against one server, but trustmap is one client
 * making a handful of retries, and full jitter can spend them all within milliseconds of a 503
 * that lasts seconds (a GitLab deploy). Equal jitter keeps the schedule's span — retries still
 * cover about `base·(2^n - 1)` — while still spreading several instances apart.
 * `random` returns a number in [0, 1), like `Math.random`.
 */
export function backoffDelayMs(retry: number, policy: Pick<RetryPolicy, "backoffMs" | "maxBackoffMs">, random: () => number): number {
  const ceiling = Math.min(policy.maxBackoffMs, policy.backoffMs * 2 ** retry);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(["GET", "HEAD", "PUT", "DELETE", "OPTIONS"]);
/** Gateway answers: GitLab (behind Workhorse and a load balancer) may or may not have acted. */
const GATEWAY_STATUSES: ReadonlySet<number> = new Set([502, 503, 504]);

/** Failures before a byte of the request reached the server: retrying can never act twice. */
const NOT_SENT_CODES: ReadonlySet<string> = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
]);
/** Connections that broke after the request may have been sent: the outcome is unknown. */
const BROKEN_CODES: ReadonlySet<string> = new Set([
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
]);

export type NetworkFailure = "not-sent" | "broken" | "other";

/** Classifies a transport exception by its `code` (undici's or Node's), looking through `cause`s. */
export function classifyNetworkError(error: unknown): NetworkFailure {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current !== null && typeof current === "object"; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") {
      if (NOT_SENT_CODES.has(code)) return "not-sent";
      if (BROKEN_CODES.has(code)) return "broken";
    }
    current = (current as { cause?: unknown }).cause;
  }
  return "other";
}

/** How one attempt ended, as far as retrying is concerned. */
export type AttemptOutcome =
  | { kind: "status"; status: number; retryAfterSeconds?: number }
  | { kind: "network"; failure: NetworkFailure };

/** Whether the attempt may have changed something on GitLab without us learning its result. */
export function outcomeUnknown(outcome: AttemptOutcome): boolean {
  return outcome.kind === "network" ? outcome.failure === "broken" : GATEWAY_STATUSES.has(outcome.status);
}

export interface RetryContext {
  method: string;
  /** A non-idempotent write the caller resolves itself when it turns out to have run twice. */
  retryableWrite: boolean;
  /** Retries already made for this request. */
  retries: number;
  /** Milliseconds already waited for this request. */
  waitedMs: number;
}

/** Milliseconds to wait before the next attempt, or `undefined` to give up with this outcome. */
export function retryDelayMs(policy: RetryPolicy, outcome: AttemptOutcome, context: RetryContext, random: () => number): number | undefined {
  if (context.retries >= policy.maxRetries) return undefined;
  const repeatable = IDEMPOTENT_METHODS.has(context.method) || context.retryableWrite;
  let retryAfterSeconds: number | undefined;
  if (outcome.kind === "network") {
    if (outcome.failure === "other" || (outcome.failure === "broken" && !repeatable)) return undefined;
  } else {
    if (outcome.status !== 429 && !(GATEWAY_STATUSES.has(outcome.status) && repeatable)) return undefined;
    retryAfterSeconds = outcome.retryAfterSeconds;
  }
  if (retryAfterSeconds !== undefined && retryAfterSeconds > policy.maxRetryAfterSeconds) return undefined;
  const wait = retryAfterSeconds !== undefined ? retryAfterSeconds * 1000 : backoffDelayMs(context.retries, policy, random);
  return context.waitedMs + wait > policy.maxTotalWaitMs ? undefined : wait;
}
