import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { NextRequest } from "next/server";
import { handlers } from "@/lib/auth/config";

const saved = { ...process.env };
beforeEach(() => {
  process.env.AUTH_SECRET = "a-test-secret-that-is-long-enough-000";
  process.env.TRUSTMAP_DEMO = "1";
  delete process.env.AUTH_TRUST_HOST;
});
afterEach(() => {
  process.env = { ...saved };
});

async function csrfCookie(authUrl: string): Promise<string> {
  process.env.AUTH_URL = authUrl;
  const res = await handlers.GET(new NextRequest(`${authUrl}/api/auth/csrf`));
  expect(res.status, await res.clone().text()).toBe(200);
  const cookie = res.headers.getSetCookie().find((c) => c.includes("authjs.csrf-token="));
  expect(cookie, "Auth.js sets its CSRF cookie").toBeDefined();
  return cookie!;
}

describe("Auth.js cookies follow AUTH_URL's scheme", () => {
  it("are Secure with the __Host-/__Secure- prefixes when AUTH_URL is https", async () => {
    const cookie = await csrfCookie("https://trustmap.example.com");
    expect(cookie).toMatch(/^__Host-authjs\.csrf-token=/);
    expect(cookie).toMatch(/;\s*Secure/i);
  });

  it("stay unprefixed (browsers refuse __Secure- cookies over http) when AUTH_URL is http", async () => {
    const cookie = await csrfCookie("http://localhost:3000");
    expect(cookie).toMatch(/^authjs\.csrf-token=/);
    expect(cookie).not.toMatch(/;\s*Secure/i);
  });
});

describe("Auth.js with AUTH_URL set and AUTH_TRUST_HOST unset", () => {
  it("answers (AUTH_URL names the public address, so the request's Host header decides nothing)", async () => {
    process.env.AUTH_URL = "https://trustmap.example.com";
    const res = await handlers.GET(new NextRequest("https://trustmap.example.com/api/auth/csrf"));
    expect(res.status).toBe(200);
    expect(await res.json()).toHaveProperty("csrfToken");
  });
});
