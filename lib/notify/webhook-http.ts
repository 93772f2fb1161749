/**
 * Webhooks over HTTP(S), guarded against SSRF. The host is resolved once, every address it
 * resolves to is checked (./address.ts), and the connection goes to exactly those checked
 * addresses: undici's connector hands our `lookup` to net/tls.connect, so there is no second
 * resolution between check and connect that DNS rebinding could switch. An IP literal is checked
 * before connecting (net.connect does not look literals up). Redirects are never followed (a 3xx
 * is a failed attempt): a public URL redirecting to 169.254.169.254 gets nowhere. TLS still
 * verifies the certificate against the URL's host name (SNI), not the IP.
 */
import "server-only";
import { createHmac } from "node:crypto";
import dns from "node:dns";
import type { LookupFunction } from "node:net";
import { Agent, request } from "undici";
import { checkResolved, isIpLiteral, type AddressVerdict } from "./address";
import { isTransientHttpStatus, type AttemptOutcome } from "./routing";
import { oneLine } from "./text";

const TIMEOUT_MS = 10_000;
const MAX_ANSWER_BYTES = 2048;

class RefusedTarget extends Error {}

/** The URL's host without IPv6 brackets. */
function hostOf(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, "");
}

function allAddresses(host: string): Promise<dns.LookupAddress[]> {
  return dns.promises.lookup(host, { all: true, verbatim: true });
}

/** Is this URL a webhook trustmap may call? Resolves the host (checked when a webhook is saved, and again on every send). */
export async function checkWebhookUrl(raw: string, allowPrivate: boolean): Promise<AddressVerdict> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { allowed: false, reason: "not a URL" };
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return { allowed: false, reason: "only http:// and https:// webhooks are allowed" };
  if (url.username || url.password) return { allowed: false, reason: "a webhook URL must not carry a user name or password" };
  const host = hostOf(url);
  if (isIpLiteral(host)) return checkResolved(host, [host], allowPrivate);
  try {
    return checkResolved(host, (await allAddresses(host)).map((a) => a.address), allowPrivate);
  } catch (e) {
    return { allowed: false, reason: `${host} could not be resolved (${(e as NodeJS.ErrnoException).code ?? "DNS error"})` };
  }
}

/** A lookup that resolves once, refuses unless every address passes, and returns exactly the checked addresses. */
function pinnedLookup(allowPrivate: boolean, connected: string[]): LookupFunction {
  return (hostname, options, callback) => {
    allAddresses(hostname).then(
      (addresses) => {
        const verdict = checkResolved(hostname, addresses.map((a) => a.address), allowPrivate);
        if (!verdict.allowed) return callback(new RefusedTarget(verdict.reason), "", 0);
        const family = options.family === 4 || options.family === 6 ? options.family : 0;
        const usable = family ? addresses.filter((a) => a.family === family) : addresses;
        connected.push(...usable.map((a) => a.address));
        if (options.all) callback(null, usable);
        else if (usable[0]) callback(null, usable[0].address, usable[0].family);
        else callback(Object.assign(new Error(`${hostname} has no IPv${family} address`), { code: "ENOTFOUND" }), "", 0);
      },
      (e: NodeJS.ErrnoException) => callback(e, "", 0),
    );
  };
}

async function readExcerpt(body: AsyncIterable<Buffer> & { destroy(): void }): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= MAX_ANSWER_BYTES) break;
  }
  body.destroy();
  return oneLine(Buffer.concat(chunks).subarray(0, MAX_ANSWER_BYTES).toString("utf8"), 200);
}

export interface WebhookPost {
  url: string;
  /** The exact bytes sent (and signed). */
  body: string;
  /** HMAC-SHA256 key; adds X-Trustmap-Signature: sha256=<hex of the raw body>. */
  secret?: string;
  headers?: Record<string, string>;
}

/** The X-Trustmap-Signature value for a raw body. */
export function signatureOf(body: string, secret: string): string {
  return `sha256=${createHmac("sha256", secret).update(body, "utf8").digest("hex")}`;
}

export async function postWebhook(post: WebhookPost, allowPrivate: boolean): Promise<AttemptOutcome> {
  const url = new URL(post.url);
  const host = hostOf(url);
  if (url.username || url.password) return { outcome: "failed", via: "http", answer: "refused: a webhook URL must not carry a user name or password", permanent: true };
  if (isIpLiteral(host)) {
    const verdict = checkResolved(host, [host], allowPrivate);
    if (!verdict.allowed) return { outcome: "failed", via: "http", answer: `refused: ${verdict.reason}`, permanent: true };
  }
  const connected: string[] = [];
  const agent = new Agent({ connect: { lookup: pinnedLookup(allowPrivate, connected), timeout: TIMEOUT_MS }, pipelining: 0 });
  try {
    const res = await request(url, {
      method: "POST",
      dispatcher: agent,
      headersTimeout: TIMEOUT_MS,
      bodyTimeout: TIMEOUT_MS,
      headers: {
        "content-type": "application/json",
        "user-agent": "trustmap-notify",
        ...post.headers,
        ...(post.secret ? { "x-trustmap-signature": signatureOf(post.body, post.secret) } : {}),
      },
      body: post.body,
    });
    const text = await readExcerpt(res.body);
    const answer = `HTTP ${res.statusCode}${text ? `: ${text}` : ""}`;
    if (res.statusCode >= 200 && res.statusCode < 300) return { outcome: "sent", via: "http", answer };
    if (res.statusCode >= 300 && res.statusCode < 400) return { outcome: "failed", via: "http", answer: `${answer} (redirects are not followed)`, permanent: true };
    return { outcome: "failed", via: "http", answer, permanent: !isTransientHttpStatus(res.statusCode) };
  } catch (e) {
    const refused = e instanceof RefusedTarget ? e : (e as { cause?: unknown }).cause instanceof RefusedTarget ? ((e as { cause: RefusedTarget }).cause) : null;
    if (refused) return { outcome: "failed", via: "http", answer: `refused: ${refused.message}`, permanent: true };
    const err = e as NodeJS.ErrnoException;
    return { outcome: "failed", via: "http", answer: oneLine(`${err.code ?? "error"}: ${err.message}`), permanent: false };
  } finally {
    await agent.close().catch(() => {});
  }
}
