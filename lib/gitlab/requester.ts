/**
 * The HTTP transport we plug into @gitbeaker/rest through its `requesterFn` option.
 *
 * Why not gitbeaker's own: @gitbeaker/rest 43.8 retries 429 and 502 up to 10 times with delays of
 * `2 ** i * 0.25` *milliseconds* and ignores `Retry-After`, so against a rate-limited GitLab it
 * fires ten requests in a quarter second and then fails, and it cannot be configured. This
 * transport keeps gitbeaker's request building (URL, query, JSON body) and replaces only the
 * fetch loop: the one retry loop for GitLab calls. What it retries and how long it waits is
 * retry-policy.ts (`Retry-After` honoured and bounded, capped and jittered backoff, 502/503/504
 * and broken connections only where sending twice is harmless). It counts every HTTP request and
 * throws `GitLabHttpError` with the parsed body so the adapter can map it at the edge, noting when
 * an earlier attempt may have been applied so a create or delete can be resolved by reading back.
 * (undici's RetryAgent was considered: it has no jitter, clips a long `Retry-After` to its
 * maximum instead of failing, and cannot tell the caller that a POST may already have run.)
 *
 * Requests go through undici's `request` rather than the global `fetch` (the same HTTP client
 * underneath, without the WHATWG Request/Response/Headers layers): a reconcile run lists the
 * variables of thousands of targets, and measured on 2,000 GETs `fetch` cost about three times
 * the CPU. Like `fetch` it keeps connections alive; unlike it, it neither follows redirects nor
 * asks for compressed bodies, which GitLab's API needs neither of.
 */
import { Readable } from "node:stream";
import { request, type Dispatcher } from "undici";
import {
  createRequesterFn,
  generateRateLimiterFn,
  type RequestOptions,
  type ResourceOptions,
  type RequesterType,
} from "@gitbeaker/requester-utils";
import {
  DEFAULT_RETRY_POLICY,
  classifyNetworkError,
  outcomeUnknown,
  parseRetryAfter,
  retryDelayMs,
  type AttemptOutcome,
  type RetryPolicy,
} from "./retry-policy";

/**
 * Set on the final error when an earlier attempt of the same request reached GitLab and its
 * outcome is unknown (a 502/503/504, or the connection broke): a create may already exist, a
 * delete may already be done. `requestId` is that attempt's `X-Request-Id`, when it had one.
 */
export interface UnknownAttempt {
  requestId: string | null;
}

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
    readonly unknownAttempt?: UnknownAttempt,
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
  /** Retries after the first attempt. Default 4. */
  maxRetries?: number;
  /** A `Retry-After` longer than this fails at once with THROTTLED instead of waiting. Default 60. */
  maxRetryAfterSeconds?: number;
  /** Backoff base when the server gives no `Retry-After`. Default 500 ms, doubled per retry, jittered. */
  backoffMs?: number;
  /** Cap of one backoff before jitter. Default 8,000 ms. */
  maxBackoffMs?: number;
  /** All waits of one request together; a wait that would pass it gives up instead. Default 120 s. */
  maxTotalWaitSeconds?: number;
  /**
   * Also retry a variable create (POST) after a 502/503/504 or a broken connection. The adapter
   * then resolves a retry that meets "has already been taken" by reading the variable back, so a
   * create whose answer was lost counts once. Default off: without it a create is sent once.
   */
  retryCreates?: boolean;
}

export interface RequesterOptions extends Omit<RetryOptions, "retryCreates"> {
  /** Client-side limit shared by every resource of one adapter (GitLab.com allows 2,000/min). */
  requestsPerMinute?: number;
  sleep?: (ms: number) => Promise<void>;
  /** In [0, 1), for the backoff's jitter. Default `Math.random`; tests pass a fixed one. */
  random?: () => number;
  /** Called once per HTTP request sent, retries included. */
  onRequest?: () => void;
  /** Non-idempotent writes that may be retried after a 502/503/504 or a broken connection. */
  retryableWrite?: (method: string, path: string) => boolean;
}

type RequesterFn = (resourceOptions: ResourceOptions) => RequesterType;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export { parseRetryAfter };

type Answer = Dispatcher.ResponseData<unknown>;

/** A header's value, repeated headers joined as `fetch` would; names are lower case, as undici gives them. */
function header(answer: Answer, name: string): string | null {
  const value = answer.headers[name];
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(", ") : value;
}

function flatHeaders(answer: Answer): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(answer.headers)) {
    const value = header(answer, name);
    if (value !== null) out[name] = value;
  }
  return out;
}

function mediaType(answer: Answer): string {
  return (header(answer, "content-type") ?? "").split(";")[0]?.trim() ?? "";
}

async function readBody(answer: Answer): Promise<unknown> {
  const text = await answer.body.text();
  if (mediaType(answer) === "application/json") {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

/** Mirrors gitbeaker's own response shaping, so its pagination and camelize logic keep working. */
async function formatResponse(answer: Answer, asStream: boolean) {
  const headers = flatHeaders(answer);
  const status = answer.statusCode;
  if (asStream) return { body: Readable.toWeb(answer.body) as ReadableStream, headers, status };
  if (status === 204) {
    await answer.body.dump();
    return { body: null, headers, status };
  }
  const type = mediaType(answer);
  if (type === "application/json") {
    const text = await answer.body.text();
    return { body: ((text === "" ? null : JSON.parse(text)) as Record<string, unknown> | null) ?? {}, headers, status };
  }
  if (type.startsWith("text/")) return { body: await answer.body.text(), headers, status };
  // Node's Blob is the global Blob; only the lib.dom typings of the two differ.
  return { body: (await answer.body.blob()) as unknown as Blob, headers, status };
}

export function createGitLabRequesterFn(options: RequesterOptions = {}): RequesterFn {
  const policy: RetryPolicy = {
    maxRetries: options.maxRetries ?? DEFAULT_RETRY_POLICY.maxRetries,
    maxRetryAfterSeconds: options.maxRetryAfterSeconds ?? DEFAULT_RETRY_POLICY.maxRetryAfterSeconds,
    backoffMs: options.backoffMs ?? DEFAULT_RETRY_POLICY.backoffMs,
    maxBackoffMs: options.maxBackoffMs ?? DEFAULT_RETRY_POLICY.maxBackoffMs,
    maxTotalWaitMs: options.maxTotalWaitSeconds !== undefined ? options.maxTotalWaitSeconds * 1000 : DEFAULT_RETRY_POLICY.maxTotalWaitMs,
  };
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  const limit = options.requestsPerMinute ? generateRateLimiterFn(options.requestsPerMinute, 60) : undefined;

  type Attempt = { answer: Answer; error?: undefined } | { answer?: undefined; error: unknown };

  async function send(url: URL, init: Parameters<typeof request>[1]): Promise<Attempt> {
    await limit?.();
    options.onRequest?.();
    try {
      return { answer: await request(url, init) };
    } catch (error) {
      return { error };
    }
  }

  function networkError(error: unknown): GitLabNetworkError {
    const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
    return new GitLabNetworkError(timedOut ? "GitLab did not answer in time" : "GitLab could not be reached", { cause: error });
  }

  async function handle(endpoint: string, raw?: Record<string, unknown>) {
    const opts = (raw ?? {}) as RequestOptions;
    const method = (opts.method ?? "GET").toUpperCase() as Dispatcher.HttpMethod;
    const prefix = opts.prefixUrl ?? "";
    const url = new URL(endpoint, prefix.endsWith("/") ? prefix : `${prefix}/`);
    url.search = opts.searchParams ?? "";
    // gitbeaker sends JSON as a string; a form (`isForm`) would be FormData, which no call of ours makes.
    if (opts.body !== undefined && typeof opts.body !== "string") throw new Error(`GitLab requester: unsupported ${typeof opts.body} body for ${method} ${url.pathname}`);
    const init = { method, headers: opts.headers as Record<string, string> | undefined, body: opts.body, signal: opts.signal };
    const retryableWrite = options.retryableWrite?.(method, url.pathname) ?? false;
    let unknownAttempt: UnknownAttempt | undefined;
    let waitedMs = 0;

    for (let retries = 0; ; retries += 1) {
      const { answer, error } = await send(url, init);
      let outcome: AttemptOutcome;
      let broken = error;
      if (answer === undefined) {
        outcome = { kind: "network", failure: classifyNetworkError(error) };
      } else if (answer.statusCode >= 200 && answer.statusCode < 300) {
        try {
          return await formatResponse(answer, opts.asStream ?? false);
        } catch (e) {
          // The connection broke while the body came in, after the request ran: retried like
          // any broken connection (a create retried after this meets "already taken").
          const failure = classifyNetworkError(e);
          if (failure === "other") throw e;
          outcome = { kind: "network", failure };
          broken = e;
        }
      } else {
        outcome = { kind: "status", status: answer.statusCode, retryAfterSeconds: parseRetryAfter(header(answer, "retry-after")) };
      }
      // The call's own deadline (gitbeaker's queryTimeout) ends it, retries included.
      const wait = opts.signal?.aborted ? undefined : retryDelayMs(policy, outcome, { method, retryableWrite, retries, waitedMs }, random);
      if (wait === undefined) {
        if (outcome.kind === "network" || answer === undefined) throw networkError(broken);
        const requestId = header(answer, "x-request-id") ?? undefined;
        throw new GitLabHttpError(answer.statusCode, method, url.pathname, await readBody(answer), outcome.retryAfterSeconds, requestId, unknownAttempt);
      }
      if (outcomeUnknown(outcome)) unknownAttempt ??= { requestId: answer === undefined ? null : header(answer, "x-request-id") };
      if (outcome.kind === "status") await answer?.body.dump();
      await sleep(wait);
      waitedMs += wait;
    }
  }

  return createRequesterFn((_service, requestOptions) => Promise.resolve(requestOptions), handle);
}
