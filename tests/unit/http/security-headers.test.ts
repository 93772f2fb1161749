import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, isHttpsUrl, newNonce } from "@/lib/http/security-headers";
import { newRequestId, requestIdOf } from "@/lib/http/request-id";

function directives(csp: string): Map<string, string[]> {
  return new Map(csp.split("; ").map((d) => {
    const [name = "", ...values] = d.split(" ");
    return [name, values];
  }));
}

describe("the Content-Security-Policy", () => {
  const prod = directives(contentSecurityPolicy({ nonce: "abc123" }));

  it("runs only scripts carrying this response's nonce (and what they load), never inline or eval'd code", () => {
    expect(prod.get("script-src")).toEqual(["'self'", "'nonce-abc123'", "'strict-dynamic'"]);
    expect(prod.get("script-src")).not.toContain("'unsafe-inline'");
    expect(prod.get("script-src")).not.toContain("'unsafe-eval'");
  });

  it("allows inline styles only with the nonce in production (no style attributes)", () => {
    expect(prod.get("style-src")).toEqual(["'self'", "'nonce-abc123'"]);
  });

  it("refuses framing, plugins, foreign base URLs and foreign form targets", () => {
    expect(prod.get("frame-ancestors")).toEqual(["'none'"]);
    expect(prod.get("object-src")).toEqual(["'none'"]);
    expect(prod.get("base-uri")).toEqual(["'none'"]);
    expect(prod.get("form-action")).toEqual(["'self'"]);
    expect(prod.get("default-src")).toEqual(["'self'"]);
  });

  it("lets sign-in forms reach the configured GitLab origin only", () => {
    const csp = directives(contentSecurityPolicy({ nonce: "n", formActionOrigins: ["https://gitlab.example.com"] }));
    expect(csp.get("form-action")).toEqual(["'self'", "https://gitlab.example.com"]);
  });

  it("upgrades insecure requests only when served over https", () => {
    expect(prod.has("upgrade-insecure-requests")).toBe(false);
    expect(directives(contentSecurityPolicy({ nonce: "n", https: true })).has("upgrade-insecure-requests")).toBe(true);
  });

  it("relaxes eval and inline styles for next dev only, and still never allows inline scripts", () => {
    const dev = directives(contentSecurityPolicy({ nonce: "n", dev: true }));
    expect(dev.get("script-src")).toEqual(["'self'", "'nonce-n'", "'strict-dynamic'", "'unsafe-eval'"]);
    expect(dev.get("style-src")).toEqual(["'self'", "'unsafe-inline'"]);
  });

  it("is one header line", () => {
    expect(contentSecurityPolicy({ nonce: "n", https: true, formActionOrigins: ["https://g"] })).not.toMatch(/[\r\n]/);
  });
});

describe("nonces and request ids", () => {
  it("draws a fresh 128-bit nonce each time", () => {
    const a = newNonce();
    expect(Buffer.from(a, "base64")).toHaveLength(16);
    expect(newNonce()).not.toBe(a);
  });

  it("trusts only a request id in the proxy's own format", () => {
    const id = newRequestId();
    expect(requestIdOf(new Headers({ "x-request-id": id }))).toBe(id);
    expect(requestIdOf(new Headers({ "x-request-id": "chosen-by-the-client" }))).toBeNull();
    expect(requestIdOf(new Headers({ "x-request-id": "a".repeat(36) }))).toBeNull();
    expect(requestIdOf(new Headers())).toBeNull();
  });

  it("treats only https AUTH_URLs as https", () => {
    expect(isHttpsUrl("https://trustmap.example.com")).toBe(true);
    expect(isHttpsUrl("HTTPS://trustmap.example.com")).toBe(true);
    expect(isHttpsUrl("http://localhost:3000")).toBe(false);
    expect(isHttpsUrl(undefined)).toBe(false);
  });
});
