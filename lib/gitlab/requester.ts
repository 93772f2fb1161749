/**
 * The HTTP transport we plug into @gitbeaker/rest through its `requesterFn` option.
 *
 * Why not gitbeaker's own: @gitbeaker/rest 43.8 retries 429 and 502 up to 10 times with delays of
 * `2 ** i * 0.25` *milliseconds* and ignores `Retry-After`, so against a rate-limited GitLab it
 * fires ten requests in a quarter second and then fails, and it cannot be configured. This
 * transport keeps gitbeaker's request building (URL, query, JSON body) and replaces only the
 * fetch loop: it honours `Retry-After` with a bounded number of retries, retries 502/503/504
 * only for idempotent methods (a retried POST could create twice), counts every HTTP request,
 * and throws `GitLabHttpError` with the parsed body so the adapter can map it at the edge.
 */
import {
  createRequesterFn,
  generateRateLimiterFn,
  type RequestOptions,
  type ResourceOptions,
  type RequesterType,
} from "@gitbeaker/requester-utils";

export class GitLabHttpError extends Error {
  constructor(
    readonly status: number,
    readonly method: string,
    readonly path: string,
    /** Parsed JSON body when GitLab sent JSON, else the text. */
    readonly body: unknown,
    readonly retryAfterSeconds?: number,
    /** GitLab's `X-Request-Id`, when the answer had one. */
    readonly requestId?: string,
  ) {
    super(`GitLab ${method} ${path} → ${status}`);
    this.name = "GitLabHttpError";
  }
}

export class GitLabNetworkError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "GitLabNetworkError";
  }
}

export interface RetryOptions {
  /** Retries after the first attempt. Default 3. */
  maxRetries?: number;
  /** A `Retry-After` longer than this fails at once with THROTTLED instead of waiting. Default 60. */
  maxRetryAfterSeconds?: number;
  /** Backoff base when the server gives no `Retry-After`. Default 500 ms, doubled per attempt. */
  backoffMs?: number;
}

export interface RequesterOptions extends RetryOptions {
  /** Client-side limit shared by every resource of one adapter (GitLab.com allows 2,000/min). */
  requestsPerMinute?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Called once per HTTP request sent, retries included. */
  onRequest?: () => void;
}

type RequesterFn = (resourceOptions: ResourceOptions) => RequesterType;

const IDEMPOTENT = new Set(["GET", "HEAD", "PUT", "DELETE"]);
const RETRY_5XX = new Set([502, 503, 504]);

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** `Retry-After` is either delay-seconds or an HTTP-date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === "") return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if ((response.headers.get("content-type") ?? "").includes("application/json")) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

/** Mirrors gitbeaker's own response shaping, so its pagination and camelize logic keep working. */
async function formatResponse(response: Response, asStream: boolean) {
  const headers = Object.fromEntries(response.headers.entries());
  const { status } = response;
  if (asStream) return { body: response.body as ReadableStream, headers, status };
  if (status === 204) return { body: null, headers, status };
  const contentType = (response.headers.get("content-type") ?? "").split(";")[0]?.trim() ?? "";
  if (contentType === "application/json") {
    return { body: ((await response.json()) as Record<string, unknown> | null) ?? {}, headers, status };
  }
  if (contentType.startsWith("text/")) return { body: await response.text(), headers, status };
  return { body: await response.blob(), headers, status };
}

export function createGitLabRequesterFn(options: RequesterOptions = {}): RequesterFn {
  const maxRetries = options.maxRetries ?? 3;
  const maxRetryAfterSeconds = options.maxRetryAfterSeconds ?? 60;
  const backoffMs = options.backoffMs ?? 500;
  const sleep = options.sleep ?? defaultSleep;
  const limit = options.requestsPerMinute ? generateRateLimiterFn(options.requestsPerMinute, 60) : undefined;

  /** Milliseconds to wait before the next attempt, or undefined to give up. */
  function retryDelay(method: string, status: number, retryAfter: number | undefined, attempt: number): number | undefined {
    if (attempt >= maxRetries) return undefined;
    const retryable = status === 429 || (RETRY_5XX.has(status) && IDEMPOTENT.has(method));
    if (!retryable) return undefined;
    if (retryAfter === undefined) return backoffMs * 2 ** attempt;
    return retryAfter <= maxRetryAfterSeconds ? retryAfter * 1000 : undefined;
  }

  async function send(url: URL, init: RequestInit): Promise<Response> {
    await limit?.();
    options.onRequest?.();
    try {
      return await fetch(url, init);
    } catch (e) {
      const timedOut = e instanceof Error && (e.name === "TimeoutError" || e.name === "AbortError");
      throw new GitLabNetworkError(timedOut ? "GitLab did not answer in time" : "GitLab could not be reached", { cause: e });
    }
  }

  async function handle(endpoint: string, raw?: Record<string, unknown>) {
    const opts = (raw ?? {}) as RequestOptions;
    const method = (opts.method ?? "GET").toUpperCase();
    const prefix = opts.prefixUrl ?? "";
    const url = new URL(endpoint, prefix.endsWith("/") ? prefix : `${prefix}/`);
    url.search = opts.searchParams ?? "";
    const init: RequestInit = { method, headers: opts.headers, body: opts.body, signal: opts.signal };

    for (let attempt = 0; ; attempt += 1) {
      const response = await send(url, init);
      if (response.ok) return formatResponse(response, opts.asStream ?? false);
      const retryAfter = parseRetryAfter(response.headers.get("retry-after"));
      const wait = retryDelay(method, response.status, retryAfter, attempt);
      if (wait === undefined) {
        const requestId = response.headers.get("x-request-id") ?? undefined;
        throw new GitLabHttpError(response.status, method, url.pathname, await readBody(response), retryAfter, requestId);
      }
      await response.body?.cancel();
      await sleep(wait);
    }
  }

  return createRequesterFn((_service, requestOptions) => Promise.resolve(requestOptions), handle);
}
