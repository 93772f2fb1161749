/**
 * Runs before every request except static files (Next 16's proxy, formerly middleware; Node.js
 * runtime). It sets what must be fresh per request:
 * - a Content-Security-Policy with a new nonce, on the request (Next reads the nonce from it and
 *   stamps its own scripts) and on the response (lib/http/security-headers.ts says why each
 *   directive is there);
 * - Strict-Transport-Security when AUTH_URL is https;
 * - a request id (`x-request-id`) on the request, for log lines and error bodies, and on the
 *   response, replacing any id the client sent.
 * And it refuses what Next itself would answer with a 500 (lib/http/request-guard.ts): a server
 * action from a foreign origin (403), a body over 1 MiB (413), an action's arguments nested deeper
 * than 64 levels or not plain values (400), a path that is not valid percent-encoding (400). The
 * refusal carries the same headers and request id.
 * It decides nothing about access: pages, actions and routes authorize themselves.
 */
import { NextResponse, type NextRequest } from "next/server";
import { config as appConfig } from "@/lib/config";
import { guardRequest } from "@/lib/http/request-guard";
import { newRequestId, REQUEST_ID_HEADER } from "@/lib/http/request-id";
import { contentSecurityPolicy, isHttpsUrl, newNonce, STRICT_TRANSPORT_SECURITY } from "@/lib/http/security-headers";

export async function proxy(request: NextRequest): Promise<Response> {
  const settings = appConfig();
  const https = isHttpsUrl(settings.auth.url);
  const csp = contentSecurityPolicy({
    nonce: newNonce(),
    dev: process.env.NODE_ENV === "development",
    https,
    formActionOrigins: settings.gitlab.oauth ? [new URL(settings.gitlab.url).origin] : [],
  });
  const requestId = newRequestId();
  const refused = await guardRequest(request, requestId);
  let response: Response;
  if (refused) {
    response = refused;
  } else {
    const forwarded = new Headers(request.headers);
    forwarded.set("content-security-policy", csp);
    forwarded.set(REQUEST_ID_HEADER, requestId);
    response = NextResponse.next({ request: { headers: forwarded } });
  }
  response.headers.set("content-security-policy", csp);
  response.headers.set(REQUEST_ID_HEADER, requestId);
  if (https) response.headers.set("strict-transport-security", STRICT_TRANSPORT_SECURITY);
  return response;
}

export const config = {
  // Everything but Next's static files and the files in public/ (no HTML, nothing to protect or correlate).
  matcher: ["/((?!_next/static|_next/image|favicon\\.ico|logo\\.svg|apple-touch-icon\\.png).*)"],
};
