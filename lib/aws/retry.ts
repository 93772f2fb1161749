/**
 * How every AWS client of trustmap (IAM, STS, the management-role session) retries: the SDK's
 * own loop in adaptive mode — standard retries (throttling, 5xx, broken connections; capped
 * exponential backoff with full jitter) plus a client-side rate limiter that slows sending once
 * AWS starts throttling, which IAM's low per-account request rates call for. Five attempts rather
 * than the SDK's three: an apply runs one write after another, and IAM throttles in bursts.
 */
export const AWS_RETRY_MODE = "adaptive";
export const AWS_MAX_ATTEMPTS = 5;

/** Client settings for `new XClient({...})` or a credential provider's `clientConfig`. */
export function awsRetrySettings(maxAttempts: number = AWS_MAX_ATTEMPTS): { retryMode: typeof AWS_RETRY_MODE; maxAttempts: number } {
  return { retryMode: AWS_RETRY_MODE, maxAttempts };
}
