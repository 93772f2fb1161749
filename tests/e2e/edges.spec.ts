/**
 * Issue #11 parts 2 and 3 over HTTP, against the built server: what Next itself used to answer
 * with a 500 (server actions from a foreign origin, oversized or deeply nested), pages that 500ed
 * on a bad query, the audit export that answered 200 and then cut the connection, and the
 * sign-in page's callbackUrl (no 500, and never off-site, in Chromium).
 */
import { expect, test } from "@playwright/test";
import { signInAs } from "./support";
import { serverActions } from "./edges-support";

const MiB = 1024 * 1024;

function actionHeaders(origin: string, id: string) {
  return { origin, "next-action": id, "content-type": "text/plain;charset=UTF-8", accept: "text/x-component" };
}

test.describe("server actions over HTTP", () => {
  test("a server action posted from a foreign origin is refused with 403, for every action", async ({ page }) => {
    await signInAs(page, "Ada Admin");
    const actions = serverActions();
    expect(actions.length).toBeGreaterThan(10);
    for (const action of actions) {
      for (const origin of ["https://evil.example", "null", "http://localhost:1"]) {
        const res = await page.request.post("/", { headers: actionHeaders(origin, action.id), data: "[]", maxRedirects: 0 });
        expect(res.status(), `${action.name} from ${origin}`).toBe(403);
      }
    }
    expect((await page.request.get("/api/v1/me")).status()).toBe(200);
  });

  test("a server action body over 1 MiB is refused with 413, and 10,000-level nesting with 400", async ({ page }) => {
    await signInAs(page, "Ria Requester");
    const origin = new URL(page.url()).origin;
    const action = serverActions().find((a) => a.name === "createApiTokenAction")!;
    const huge = await page.request.post("/", { headers: actionHeaders(origin, action.id), data: Buffer.from(JSON.stringify([{ name: "x".repeat(MiB) }])), maxRedirects: 0 });
    expect(huge.status()).toBe(413);
    const deep = await page.request.post("/", { headers: actionHeaders(origin, action.id), data: Buffer.from("[" + "[".repeat(10_000) + "]".repeat(10_000) + "]"), maxRedirects: 0 });
    expect(deep.status()).toBe(400);
    // A proper call still works.
    const ok = await page.request.post("/", { headers: actionHeaders(origin, action.id), data: Buffer.from(JSON.stringify([{ name: "edges-e2e", expiresInDays: 1 }])), maxRedirects: 0 });
    expect(ok.status()).toBe(200);
    expect(await ok.text()).toMatch(/"ok":true/);
  });
});

test.describe("routes over HTTP", () => {
  test("a route body over 1 MiB is refused with 413", async ({ page }) => {
    await signInAs(page, "Ria Requester");
    const origin = new URL(page.url()).origin;
    const res = await page.request.post("/api/v1/simulate", { headers: { origin, "content-type": "application/json" }, data: Buffer.from(JSON.stringify({ claims: { sub: "x".repeat(MiB) } })) });
    expect(res.status()).toBe(413);
    expect(await res.json()).toMatchObject({ error: { code: "TOO_LARGE" } });
  });

  test("the audit export refuses a bad parameter with 400 before sending any CSV", async ({ page }) => {
    await signInAs(page, "Audra Auditor");
    for (const query of ["before=99999999999999999999999", "actor=ada%00", "from=-271821-04-20"]) {
      const res = await page.request.get(`/api/v1/audit/export?${query}`);
      expect(res.status(), query).toBe(400);
      expect(res.headers()["content-type"], query).toMatch(/json/);
    }
    const good = await page.request.get("/api/v1/audit/export?type=auth");
    expect(good.status()).toBe(200);
    expect((await good.text()).startsWith("id,at,actor,action")).toBe(true);
  });
});

test.describe("pages with a bad query render instead of failing", () => {
  for (const url of ["/audit?before=99999999999999999999999", "/audit?actor=ada%00", "/audit?from=-271821-04-20", "/mappings?path=web%00&page=99999999999", "/inventory?q=%00", "/access?roleId=%00&q=%00", "/access?view=project&project=a%00&ref=main", "/mappings/------------------------------------"]) {
    test(`${url} answers below 500`, async ({ page }) => {
      await signInAs(page, "Ada Admin");
      const res = await page.goto(url);
      expect(res!.status()).toBeLessThan(500);
      await expect(page.getByTestId("current-user")).toBeVisible();
    });
  }
});

test.describe("sign-in's callbackUrl", () => {
  const hostile = ["/%09/evil.example", "/%5Cevil.example", "//evil.example", "/%2F%2Fevil.example", "https://evil.example/", "/\\/evil.example", "javascript:alert(1)", "javascript%3Aalert(document.domain)", "%2F%2Fevil.example"];

  for (const callbackUrl of hostile) {
    test(`a signed-in user opening /signin?callbackUrl=${callbackUrl} stays on trustmap's origin`, async ({ page }) => {
      await signInAs(page, "Avery Approver");
      const origin = new URL(page.url()).origin;
      await page.goto(`/signin?callbackUrl=${callbackUrl}`);
      await page.waitForLoadState("load");
      expect(new URL(page.url()).origin).toBe(origin);
      await expect(page.getByTestId("current-user")).toBeVisible();
    });
  }

  test("signing in from /signin?callbackUrl=/%09/evil.example lands on trustmap's own home page", async ({ page }) => {
    await page.goto("/signin?callbackUrl=/%09/evil.example");
    const origin = new URL(page.url()).origin;
    await page.getByRole("button", { name: /Avery Approver/ }).click();
    await expect(page.getByTestId("current-user")).toBeVisible();
    expect(new URL(page.url()).origin).toBe(origin);
    expect(new URL(page.url()).pathname).toBe("/");
  });

  for (const callbackUrl of ["/%0a/evil.example", "/%0d/evil.example", "/%0d%0aSet-Cookie:%20x=1", "/approvals?q=%C3%A9", "/%C3%A9/evil.example", "/%E2%80%A8", "/%00", "javascript:alert(1)"]) {
    test(`/signin?callbackUrl=${callbackUrl} gives no 500, signed in or not, and sends a signed-in user to / on site`, async ({ page, playwright }) => {
      const anon = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL });
      const signedOut = await anon.get(`/signin?callbackUrl=${callbackUrl}`, { maxRedirects: 0 });
      expect(signedOut.status()).toBe(200);
      await anon.dispose();
      await signInAs(page, "Avery Approver");
      const origin = new URL(page.url()).origin;
      const signedIn = await page.request.get(`/signin?callbackUrl=${callbackUrl}`, { maxRedirects: 0 });
      expect(signedIn.status()).toBeGreaterThanOrEqual(300);
      expect(signedIn.status()).toBeLessThan(400);
      // Each of these is refused as a destination (control character, non-ASCII, not a path): home.
      const location = new URL(signedIn.headers()["location"] ?? "", origin);
      expect(location.origin).toBe(origin);
      expect(location.pathname).toBe("/");
    });
  }
});
