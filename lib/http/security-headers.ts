/**
 * The response headers that make a browser refuse what trustmap never does: run a script the
 * server did not send, be framed by another site, sniff a type, leak the URL to other origins, or
 * talk to trustmap over plain HTTP once it has seen HTTPS. Pure: proxy.ts applies them per request
 * (the nonce is new each time); next.config.mjs sets the ones that never change
 * (X-Content-Type-Options, Referrer-Policy, X-Frame-Options…) on every response, static files included.
 *
 * The Content-Security-Policy is nonce-based, as Next.js 16 supports it
 * (node_modules/next/dist/docs/01-app/02-guides/content-security-policy.md): the proxy puts the
 * policy on the request too, Next reads the `'nonce-…'` from it while rendering and stamps it on
 * its own inline and framework scripts and inline styles. `'strict-dynamic'` lets those scripts
 * load their chunks; nothing else runs (no `'unsafe-inline'` for scripts, ever). Styles: Tailwind's
 * CSS is a same-origin file and Next's inline `<style>` tags carry the nonce, so production needs
 * no `'unsafe-inline'` for styles either — which is why no component may render a `style`
 * attribute (a nonce cannot cover attributes; next/image adds one, so the logo is a plain <img>).
 * `next dev` needs `'unsafe-eval'` (React rebuilds server stacks with eval) and inline styles
 * (its overlay), so development relaxes exactly those two.
 */

export interface CspOptions {
  /** Fresh per response, unguessable (see `newNonce`). */
  nonce: string;
  /** `next dev`: allow eval and inline styles (see the module comment). */
  dev?: boolean;
  /** Served over HTTPS (AUTH_URL is https): also upgrade any http:// subresource. */
  https?: boolean;
  /**
   * Origins a form may submit to besides our own. Sign-in with GitLab posts to our server, which
   * redirects to GitLab's authorize page; Chromium applies form-action to that redirect, so the
   * GitLab origin must be allowed when GitLab sign-in is configured.
   */
  formActionOrigins?: readonly string[];
}

export function contentSecurityPolicy(options: CspOptions): string {
  const nonce = `'nonce-${options.nonce}'`;
  const directives: [string, ...string[]][] = [
    ["default-src", "'self'"],
    ["script-src", "'self'", nonce, "'strict-dynamic'", ...(options.dev ? ["'unsafe-eval'"] : [])],
    // A nonce makes browsers ignore 'unsafe-inline', so dev drops the nonce for styles.
    ["style-src", "'self'", ...(options.dev ? ["'unsafe-inline'"] : [nonce])],
    ["img-src", "'self'", "data:", "blob:"],
    ["font-src", "'self'"],
    ["connect-src", "'self'", ...(options.dev ? ["ws:"] : [])],
    ["object-src", "'none'"],
    ["base-uri", "'none'"],
    ["form-action", "'self'", ...(options.formActionOrigins ?? [])],
    ["frame-ancestors", "'none'"],
  ];
  if (options.https) directives.push(["upgrade-insecure-requests"]);
  return directives.map((d) => d.join(" ")).join("; ");
}

/**
 * HSTS for two years, subdomains of trustmap's own host included, not preloaded (preloading is
 * the operator's decision about the whole domain). Sent only when AUTH_URL is https: a browser
 * ignores it over http, and sending it from a test server on http://localhost would be noise.
 */
export const STRICT_TRANSPORT_SECURITY = "max-age=63072000; includeSubDomains";

/** 128 random bits, base64: a CSP nonce (CSP Level 3 asks for at least 128 bits). */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

/** Whether AUTH_URL (the public address) is HTTPS: HSTS, `__Secure-` cookies and upgrade-insecure-requests follow from it. */
export function isHttpsUrl(url: string | undefined): boolean {
  return url !== undefined && url.toLowerCase().startsWith("https:");
}
