import { describe, expect, it } from "vitest";
import { navCurrent } from "@/lib/nav";

describe("the navigation marks where the user is", () => {
  it("marks the link of the page itself as the current page", () => {
    expect(navCurrent("/mappings", "/mappings")).toBe("page");
    expect(navCurrent("/account/tokens", "/account/tokens")).toBe("page");
  });

  it("marks the section of a page inside it, but not as the page", () => {
    expect(navCurrent("/mappings/0e451d3a-03a6-4668-bfe3-b0d4020a8ddf", "/mappings")).toBe("true");
    expect(navCurrent("/reconcile/runs/abc", "/reconcile")).toBe("true");
  });

  it("does not mark a link whose path merely starts the same", () => {
    expect(navCurrent("/approvals", "/access")).toBeUndefined();
    expect(navCurrent("/roles-and-more", "/roles")).toBeUndefined();
    expect(navCurrent("/requests", "/")).toBeUndefined();
  });
});
