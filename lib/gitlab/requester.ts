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

  async function send(url: URL, init: Parameters<typeof request>[1]): Promise<Answer> {
    await limit?.();
    options.onRequest?.();
    try {
      return await request(url, init);
    } catch (e) {
      const timedOut = e instanceof Error && (e.name === "TimeoutError" || e.name === "AbortError");
      throw new GitLabNetworkError(timedOut ? "GitLab did not answer in time" : "GitLab could not be reached", { cause: e });
    }
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

    for (let attempt = 0; ; attempt += 1) {
      const answer = await send(url, init);
      if (answer.statusCode >= 200 && answer.statusCode < 300) return formatResponse(answer, opts.asStream ?? false);
      const retryAfter = parseRetryAfter(header(answer, "retry-after"));
      const wait = retryDelay(method, answer.statusCode, retryAfter, attempt);
      if (wait === undefined) {
        const requestId = header(answer, "x-request-id") ?? undefined;
        throw new GitLabHttpError(answer.statusCode, method, url.pathname, await readBody(answer), retryAfter, requestId);
      }
      await answer.body.dump();
      await sleep(wait);
    }
  }

  return createRequesterFn((_service, requestOptions) => Promise.resolve(requestOptions), handle);
}
