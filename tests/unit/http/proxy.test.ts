import { afterEach, describe, expect, it } from "vitest";
import { NextRequest } from "next/server";
import { proxy } from "@/proxy";

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
});

function run(env: Record<string, string>, headers: Record<string, string> = {}) {
  for (const key of ["AUTH_URL", "AUTH_GITLAB_ID", "AUTH_GITLAB_SECRET", "GITLAB_URL"]) delete process.env[key];
  Object.assign(process.env, env);
  return proxy(new NextRequest("http://localhost:3000/mappings", { headers }));
}

describe("proxy.ts", () => {
  it("sends HSTS and upgrade-insecure-requests only when AUTH_URL is https", async () => {
    const https = await run({ AUTH_URL: "https://trustmap.example.com" });
    expect(https.headers.get("strict-transport-security")).toBe("max-age=63072000; includeSubDomains");
    expect(https.headers.get("content-security-policy")).toContain("upgrade-insecure-requests");
    const http = await run({ AUTH_URL: "http://localhost:3000" });
    expect(http.headers.get("strict-transport-security")).toBeNull();
    expect(http.headers.get("content-security-policy")).not.toContain("upgrade-insecure-requests");
    expect((await run({})).headers.get("strict-transport-security")).toBeNull();
  });

  it("hands Next the same policy it sends (Next reads the nonce from the request's header)", async () => {
    const res = await run({});
    const sent = res.headers.get("content-security-policy");
    expect(sent).toMatch(/'nonce-[A-Za-z0-9+/]{22}=='/);
    expect(res.headers.get("x-middleware-request-content-security-policy")).toBe(sent);
  });

  it("lets forms reach the GitLab origin only when GitLab sign-in is configured", async () => {
    const withGitLab = await run({ AUTH_GITLAB_ID: "id", AUTH_GITLAB_SECRET: "secret", GITLAB_URL: "https://gitlab.example.com/" });
    expect(withGitLab.headers.get("content-security-policy")).toContain("form-action 'self' https://gitlab.example.com;");
    expect((await run({})).headers.get("content-security-policy")).toContain("form-action 'self';");
  });

  it("replaces a request id the client sent with its own, on the request and the response", async () => {
    const res = await run({}, { "x-request-id": "chosen-by-the-client" });
    const id = res.headers.get("x-request-id");
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(res.headers.get("x-middleware-request-x-request-id")).toBe(id);
    expect((await run({})).headers.get("x-request-id")).not.toBe(id);
  });

  it("refuses a foreign-origin server action itself (403, not Next's 500), with the same headers and the request id in the body", async () => {
    process.env.AUTH_URL = "https://trustmap.example.com";
    const res = await proxy(
      new NextRequest("http://localhost:3000/mappings", { method: "POST", headers: { origin: "https://evil.example", "next-action": "00ab", "content-type": "text/plain;charset=UTF-8" }, body: "[]" }),
    );
    expect(res.status).toBe(403);
    const id = res.headers.get("x-request-id");
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await res.json()).toEqual({ error: { code: "FORBIDDEN", message: "Cross-origin request refused.", requestId: id } });
    expect(res.headers.get("content-security-policy")).toMatch(/'nonce-/);
    expect(res.headers.get("strict-transport-security")).toBe("max-age=63072000; includeSubDomains");
    // Refused: Next never runs, so nothing is forwarded to it.
    expect(res.headers.get("x-middleware-next")).toBeNull();
  });
});
