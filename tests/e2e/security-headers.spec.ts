import { expect, test, type Page } from "@playwright/test";
import { signInAs } from "./support";

// The Content-Security-Policy (proxy.ts, lib/http/security-headers.ts) is enforced by the browser:
// every page must work under it — Next's scripts carry the response's nonce, nothing is refused —
// while inline or foreign code would not run. Request ids reach the caller; /api/health answers.

const PAGES = ["/", "/requests", "/approvals", "/mappings", "/access", "/roles", "/simulator", "/reconcile", "/audit", "/inventory", "/tradeoffs", "/settings", "/account/tokens"];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Record every CSP violation the page reports, from before its first script runs. */
async function watchViolations(page: Page): Promise<string[]> {
  const seen: string[] = [];
  await page.exposeFunction("__reportCspViolation", (v: string) => seen.push(v));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      (window as unknown as { __reportCspViolation: (v: string) => void }).__reportCspViolation(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  page.on("console", (msg) => {
    if (msg.type() === "error" && /Content Security Policy/i.test(msg.text())) seen.push(msg.text());
  });
  return seen;
}

function directive(csp: string, name: string): string[] {
  const found = csp.split(";").map((d) => d.trim().split(/\s+/)).find((d) => d[0] === name);
  return found ? found.slice(1) : [];
}

test("every page works under a nonce-based CSP: Next's scripts carry the nonce and nothing is refused", async ({ page }) => {
  const violations = await watchViolations(page);
  await signInAs(page, "Ada Admin");
  const nonces = new Set<string>();
  for (const path of PAGES) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(200);
    const csp = (await res?.headerValue("content-security-policy")) ?? "";
    const scriptSrc = directive(csp, "script-src");
    expect(scriptSrc, path).toContain("'strict-dynamic'");
    expect(scriptSrc, path).not.toContain("'unsafe-inline'");
    expect(directive(csp, "style-src"), path).not.toContain("'unsafe-inline'");
    expect(directive(csp, "frame-ancestors"), path).toEqual(["'none'"]);
    const nonce = scriptSrc.find((s) => s.startsWith("'nonce-"))?.slice("'nonce-".length, -1) ?? "";
    expect(nonce, path).not.toBe("");
    nonces.add(nonce);
    // Every script tag the server sent carries this response's nonce (chunks those scripts load
    // later have none: 'strict-dynamic' trusts them because a nonced script loaded them).
    const html = (await res?.text()) ?? "";
    const tags = html.split("<script").slice(1).map((rest) => rest.slice(0, rest.indexOf(">")));
    expect(tags.length, path).toBeGreaterThan(0);
    expect(tags.filter((tag) => !tag.includes(` nonce="${nonce}"`)), path).toEqual([]);
    await page.waitForLoadState("networkidle");
  }
  expect(nonces.size, "a fresh nonce per response").toBe(PAGES.length);
  // The pages are interactive (hydrated): the phone-width menu opens, a client component.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/");
  await page.getByRole("button", { name: /menu/i }).click();
  await expect(page.getByRole("link", { name: "Audit" })).toBeVisible();
  expect(violations).toEqual([]);
});

test("inline code the server did not send (an injected event handler) is refused", async ({ page }) => {
  const violations = await watchViolations(page);
  await page.goto("/signin");
  const ran = await page.evaluate(() => {
    const el = document.createElement("button");
    el.setAttribute("onclick", "window.__injected = true");
    document.body.appendChild(el);
    el.click();
    return (window as unknown as { __injected?: boolean }).__injected === true;
  });
  expect(ran).toBe(false);
  await expect.poll(() => violations.length).toBeGreaterThan(0);
});

test("the sign-in page is served with the static hardening headers and a request id", async ({ request }) => {
  const a = await request.get("/signin");
  const b = await request.get("/signin");
  expect(a.headers()["x-content-type-options"]).toBe("nosniff");
  expect(a.headers()["referrer-policy"]).toBe("same-origin");
  expect(a.headers()["x-frame-options"]).toBe("DENY");
  expect(a.headers()["x-request-id"]).toMatch(UUID);
  expect(b.headers()["x-request-id"]).not.toBe(a.headers()["x-request-id"]);
  // Served over http here: no HSTS (it would be ignored, and it is sent only when AUTH_URL is https).
  expect(a.headers()["strict-transport-security"]).toBeUndefined();
});

test("an API error names the request it belongs to, not one the client chose", async ({ request }) => {
  const res = await request.post("/api/v1/simulate", { headers: { authorization: "Bearer tmp_not-a-real-token", "x-request-id": "chosen-by-the-client" }, data: {} });
  expect(res.status()).toBe(401);
  const id = res.headers()["x-request-id"];
  expect(id).toMatch(UUID);
  expect(await res.json()).toMatchObject({ error: { code: "UNAUTHENTICATED", requestId: id } });
});

test("GET /api/health answers without authentication, with ok/failing per dependency and nothing else", async ({ request }) => {
  const res = await request.get("/api/health");
  const body = (await res.json()) as { status: string; checks: Record<string, string> };
  expect(Object.keys(body).sort()).toEqual(["checks", "status"]);
  expect(Object.keys(body.checks).sort()).toEqual(["database", "jobQueue", "migrations"]);
  expect(body.checks.database).toBe("ok");
  expect(body.checks.migrations).toBe("ok");
  // The e2e stage runs `next start` without npm start's job runner, so the queue may be failing: the status code follows the checks.
  expect(res.status()).toBe(body.status === "ok" ? 200 : 503);
  expect(res.headers()["cache-control"]).toBe("no-store");
});
