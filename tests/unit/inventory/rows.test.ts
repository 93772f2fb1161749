import { describe, expect, it } from "vitest";
import { countByMethod, groupsAbove } from "@/lib/inventory/rows";

describe("groupsAbove", () => {
  it("lists every group a group mapping could cover a project from, once, and not the project itself", () => {
    expect(groupsAbove(["a/b/c", "a/b/d", "x/y"]).sort()).toEqual(["a", "a/b", "x"]);
    expect(groupsAbove(["solo"])).toEqual([]);
  });
});

describe("countByMethod", () => {
  it("counts every access method, zero for the absent ones", () => {
    expect(countByMethod(["static_keys", "none", "static_keys"])).toEqual({ static_keys: 2, oidc_trustmap: 0, oidc_foreign: 0, none: 1 });
  });
});
