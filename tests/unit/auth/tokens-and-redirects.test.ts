import { describe, expect, it } from "vitest";
import fc from "fast-check";
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

  it.each([
    ["a tab that browsers strip, making //evil.example", "/\t/evil.example"],
    ["a newline (would also break the Location header)", "/\n/evil.example"],
    ["a carriage return", "/approvals\r\nSet-Cookie: x=1"],
    ["non-ASCII (a redirect header cannot carry it)", "/approvals?q=\u00e9"],
    ["an encoded slash", "/%2f/evil.example"],
    ["an encoded backslash", "/%5cevil.example"],
    ["an encoded control character", "/%09/evil.example"],
    ["a space", "/ /evil.example"],
    ["a path that is not a path", "evil.example"],
    ["an overlong value", "/" + "a".repeat(5000)],
  ])("refuse %s", (_why, value) => {
    expect(safeCallbackUrl(value)).toBe("/");
  });

  it("never lead off-site, whatever the string", () => {
    const origin = "https://trustmap.example";
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: "binary" }), fc.string().map((s) => "/" + s), fc.constantFrom("/\t/", "//", "/%2f", "/\\")).chain((p) => fc.tuple(fc.constant(p), fc.string())).map(([a, b]) => a + b), (value) => {
        const target = safeCallbackUrl(value);
        expect(new URL(target, origin).origin).toBe(origin);
        expect(target.startsWith("/") && !target.startsWith("//")).toBe(true);
        expect(/[^\x21-\x7e]/.test(target)).toBe(false);
      }),
      { numRuns: 1000 },
    );
  }, 30_000);
});
