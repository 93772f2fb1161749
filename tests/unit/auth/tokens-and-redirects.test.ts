import { describe, expect, it } from "vitest";
import { bearerToken, generateApiToken, hashApiToken, API_TOKEN_PREFIX } from "@/lib/auth/tokens";
import { safeCallbackUrl } from "@/lib/auth/callback-url";

describe("API tokens", () => {
  it("are random, prefixed, and stored only as their SHA-256 hash", () => {
    const a = generateApiToken();
    const b = generateApiToken();
    expect(a.token).not.toBe(b.token);
    expect(a.token.startsWith(API_TOKEN_PREFIX)).toBe(true);
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.hash).toBe(hashApiToken(a.token));
    expect(a.hash).not.toContain(a.token);
    expect(a.token.startsWith(a.prefix)).toBe(true);
    expect(a.prefix.length).toBeLessThan(a.token.length / 3);
  });

  it("are read only from a well-formed Bearer header", () => {
    expect(bearerToken("Bearer abc")).toBe("abc");
    expect(bearerToken("bearer abc")).toBe("abc");
    expect(bearerToken("Basic abc")).toBeNull();
    expect(bearerToken("Bearer a b")).toBeNull();
    expect(bearerToken(null)).toBeNull();
  });
});

describe("sign-in callback URLs", () => {
  it("follow only same-site paths", () => {
    expect(safeCallbackUrl("/approvals?x=1")).toBe("/approvals?x=1");
    expect(safeCallbackUrl("https://evil.example/")).toBe("/");
    expect(safeCallbackUrl("//evil.example/")).toBe("/");
    expect(safeCallbackUrl("/\\evil.example")).toBe("/");
    expect(safeCallbackUrl(undefined)).toBe("/");
  });
});
