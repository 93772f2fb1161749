/**
 * Refusals made before Next.js handles a request (proxy.ts), for what Next itself would answer
 * with a 500. Next 16 answers a server action from a foreign Origin, or with a body over its 1 MB
 * `serverActions.bodySizeLimit`, with HTTP 500 (node_modules/next/dist/server/app-render/
 * action-handler.js sets 500 for both); it decodes an action's arguments with a recursive JSON
 * reviver, so a deeply nested body overflows the stack (500 again); and a path segment that is not
 * valid percent-encoding (`/mappings/%`) ends in its error page's 500. Here they become 403, 413
 * and 400. Route handlers check the same things themselves (withPermission, readJsonBody).
 */
import { readBodyBytes } from "./body";
import { jsonNestingExceeds, MAX_JSON_DEPTH } from "@/lib/schemas/common";
import { AppError, isAppError } from "@/lib/errors";

const READS = new Set(["GET", "HEAD", "OPTIONS"]);

/** The refusal as the API answers errors: code, user-safe message and the request's id. */
function refusalOf(error: AppError, requestId: string | null): Response {
  return Response.json({ error: { code: error.code, message: error.userMessage, ...(requestId ? { requestId } : {}) } }, { status: error.httpStatus });
}

/** A POST Next may treat as a server action: its `Next-Action` header, or a form post to a page (progressive enhancement). */
export function isServerActionRequest(req: Request): boolean {
  if (req.method !== "POST") return false;
  if (new URL(req.url).pathname.startsWith("/api/")) return false;
  if (req.headers.has("next-action")) return true;
  const type = (req.headers.get("content-type") ?? "").toLowerCase();
  return type.startsWith("multipart/form-data") || type.startsWith("application/x-www-form-urlencoded");
}

/**
 * Next's own CSRF check on server actions, answered with 403 instead of 500: when an Origin is
 * sent, its host must be the request's host (`X-Forwarded-Host`'s first value when a proxy set
 * one, else `Host`). No Origin passes, as it does in Next (no browser omits it on a cross-site post).
 */
export function foreignOrigin(headers: Headers): boolean {
  const origin = headers.get("origin");
  if (origin === null) return false;
  let originHost: string;
  try {
    originHost = origin === "null" ? "null" : new URL(origin).host;
  } catch {
    return true; // not a URL: Next would throw on it
  }
  const forwarded = headers.get("x-forwarded-host")?.split(",")[0]?.trim();
  const host = forwarded || headers.get("host");
  return !host || originHost !== host;
}

function isMultipart(headers: Headers): boolean {
  return (headers.get("content-type") ?? "").toLowerCase().startsWith("multipart/form-data");
}

/**
 * Why a one-part (text) server action body is not what React's `encodeReply` writes for plain
 * values, or null. Such a body is the JSON of the arguments array, where a string starting with
 * `$` is a tag: `$$…` an escaped string, `$undefined`, `$NaN`, `$Infinity`, `$-Infinity`, `$-0`,
 * `$D<date>`, `$n<digits>` (react-server-dom-webpack's processReply). Any other tag refers to a
 * part a one-part body cannot have (a Map, a promise, a file…) and makes Next's decoder fail with
 * a 500; so do JSON syntax errors and over-long BigInts. trustmap's actions take plain values only.
 */
export function plainReplyProblem(text: string): string | null {
  let args: unknown;
  try {
    args = JSON.parse(text);
  } catch {
    return "the arguments are not JSON";
  }
  if (!Array.isArray(args)) return "the arguments are not a list";
  const stack: unknown[] = [args];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value === "string") {
      if (value.startsWith("$") && !PLAIN_TAGS.test(value)) return `unsupported argument tag ${JSON.stringify(value.slice(0, 12))}`;
    } else if (Array.isArray(value)) {
      for (const item of value) stack.push(item);
    } else if (value && typeof value === "object") {
      for (const item of Object.values(value)) stack.push(item);
    }
  }
  return null;
}

/** The tags of plain values in a reply (see plainReplyProblem). Not built from data. */
const PLAIN_TAGS = /^\$(?:\$[^]*|undefined|NaN|Infinity|-Infinity|-0|D[^]*|n-?\d{1,300})$/;

/** The path decodes as UTF-8 percent-encoding (`/mappings/%` or `/%ED%A0%80` do not). */
export function pathDecodes(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}

/** The response refusing `req`, or null to let Next handle it. Reads the body only when it must (chunked bodies, server actions). */
export async function guardRequest(req: Request, requestId: string | null = null): Promise<Response | null> {
  const refusal = (error: AppError) => refusalOf(error, requestId);
  // Next answers a dynamic segment it cannot decode with a 500 (its 400 page does not exist in an App Router app).
  if (!pathDecodes(new URL(req.url).pathname)) return refusal(new AppError("BAD_INPUT", "The URL path is not valid percent-encoded UTF-8."));
  if (READS.has(req.method)) return null;
  const action = isServerActionRequest(req);
  if (action && foreignOrigin(req.headers)) return refusal(new AppError("FORBIDDEN", "Cross-origin request refused."));
  try {
    if (!action && req.headers.has("content-length")) {
      // Route handlers read their own bodies within the limit; only an oversized declaration is refused here.
      await readBodyBytes(null, req.headers);
      return null;
    }
    const bytes = await readBodyBytes(req.body, req.headers);
    if (!action) return null;
    const text = new TextDecoder().decode(bytes);
    if (jsonNestingExceeds(text)) return refusal(new AppError("BAD_INPUT", `The request is nested deeper than ${MAX_JSON_DEPTH} levels.`));
    // A fetch action's one-part body; multipart ones (forms, FormData arguments) are Next's to decode.
    const problem = req.headers.has("next-action") && !isMultipart(req.headers) ? plainReplyProblem(text) : null;
    return problem ? refusal(new AppError("BAD_INPUT", `Not a server action call: ${problem}.`)) : null;
  } catch (e) {
    if (isAppError(e)) return refusal(e);
    return null; // the client went away mid-body: nothing to answer, Next sees the same broken stream
  }
}
