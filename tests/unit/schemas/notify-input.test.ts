import { describe, expect, it } from "vitest";
import { ZCreateWebhookInput } from "@/lib/schemas/notify";

describe("a webhook's input at the edge", () => {
  const base = { name: "ops", kind: "generic", events: [] };

  it("refuses a URL that does not parse with a field error, never a thrown TypeError (the action answered INTERNAL for '있')", () => {
    for (const url of ["있", "", "http://", "not a url"]) {
      const parsed = ZCreateWebhookInput.safeParse({ ...base, url });
      expect(parsed.success, url).toBe(false);
      expect(parsed.error?.issues.every((i) => i.path[0] === "url"), url).toBe(true);
    }
  });

  it("still refuses a user name or password in the URL, and takes a plain one", () => {
    expect(ZCreateWebhookInput.safeParse({ ...base, url: "https://u:p@hooks.example.com/x" }).error?.issues[0]?.message).toBe("Must not carry a user name or password");
    expect(ZCreateWebhookInput.safeParse({ ...base, url: "https://hooks.example.com/x" }).success).toBe(true);
  });

  it("refuses a NUL in the name (it reached PostgreSQL)", () => {
    expect(ZCreateWebhookInput.safeParse({ ...base, name: "o\u0000ps", url: "https://hooks.example.com/x" }).success).toBe(false);
  });
});
