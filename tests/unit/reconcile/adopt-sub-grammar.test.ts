import { describe, expect, it } from "vitest";
import { selectorFromSubPattern } from "@/lib/reconcile/adopt";

// Adoption reads sub patterns with lib/policy's parser; these pin what it accepts and refuses.
describe("selectorFromSubPattern reads the default sub shape through lib/policy's parser", () => {
  const notDefault = (p: string) => `sub pattern ${p} is not project_path:…:ref_type:…:ref:… (custom sub components are not adopted)`;

  it.each([
    ["project_path:team/app:ref_type:mr:ref:main"],
    ["project_path:team/app:ref_type:branch:ref:"],
    ["project_path:team:app:ref_type:branch:ref:main"],
    ["project_path:team/app:ref:main"],
    ["*"],
  ])("refuses %j as not the default shape", (pattern) => {
    expect(selectorFromSubPattern(pattern)).toBe(notDefault(pattern));
  });

  it("hands a ref with ':' to the selector validator, which refuses it", () => {
    expect(selectorFromSubPattern("project_path:team/app:ref_type:branch:ref:a:b")).toMatch(/^sub pattern project_path:team\/app:ref_type:branch:ref:a:b is not a mapping: ref 'a:b' contains ':'/);
  });

  it("turns a tag pattern of a project into a project selector", () => {
    expect(selectorFromSubPattern("project_path:team/app:ref_type:tag:ref:v*")).toEqual({ scope: "project", path: "team/app", refType: "tag", ref: "v*" });
  });
});
