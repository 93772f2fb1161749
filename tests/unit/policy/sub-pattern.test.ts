import { describe, expect, it } from "vitest";
import { buildSubject, compileSubjects, describeSubPattern, parseSubPattern } from "@/lib/policy";

describe("parseSubPattern: GitLab's default sub shape", () => {
  it.each([
    ["project_path:acme/web:ref_type:branch:ref:main", { projectPath: "acme/web", refType: "branch", ref: "main" }],
    ["project_path:acme/*:ref_type:tag:ref:v*", { projectPath: "acme/*", refType: "tag", ref: "v*" }],
    ["project_path:team/app:ref_type:*:ref:release/*", { projectPath: "team/app", refType: "*", ref: "release/*" }],
    // The ref is the rest of the text: a literal ':' in it is kept for the callers' validators to refuse.
    ["project_path:a/b:ref_type:branch:ref:feat:x", { projectPath: "a/b", refType: "branch", ref: "feat:x" }],
  ])("%s", (pattern, parts) => {
    expect(parseSubPattern(pattern)).toEqual(parts);
  });

  it.each([
    ["*"],
    [""],
    ["project_path:acme/web"],
    ["project_path:acme/web:ref:main"],
    ["project_path:acme/web:ref_type:branch"],
    ["ref_type:branch:project_path:acme/web:ref:main"],
    ["project_path::ref_type:branch:ref:main"],
    ["project_path:acme/web:ref_type::ref:main"],
    ["project_path:acme/web:ref_type:branch:ref:"],
    // A path never contains ':' (GitLab paths cannot), so this is not the default shape.
    ["project_path:a:b:ref_type:branch:ref:main"],
  ])("%j is not the default shape", (pattern) => {
    expect(parseSubPattern(pattern)).toBeNull();
  });

  it("reads back what buildSubject and compileSubjects write", () => {
    expect(parseSubPattern(buildSubject({ projectPath: "g/sub/p", refType: "tag", ref: "v1.2" }))).toEqual({ projectPath: "g/sub/p", refType: "tag", ref: "v1.2" });
    const compiled = compileSubjects({ scope: "group", path: "team", refType: "any", ref: "release/*" });
    if (!compiled.ok) throw new Error("did not compile");
    expect(compiled.patterns.map(parseSubPattern)).toEqual([
      { projectPath: "team/*", refType: "branch", ref: "release/*" },
      { projectPath: "team/*", refType: "tag", ref: "release/*" },
    ]);
  });

  it("reads a long adversarial pattern in one pass", () => {
    const hostile = "project_path:" + "a:ref_type:".repeat(50_000) + "x";
    expect(parseSubPattern(hostile)).toBeNull();
    const long = `project_path:g/p:ref_type:branch:ref:${"r/".repeat(50_000)}main`;
    expect(parseSubPattern(long)?.ref.length).toBe(100_004);
  });
});

describe("sub pattern in words", () => {
  it.each([
    ["project_path:acme/web:ref_type:branch:ref:main", "project acme/web", "branch main"],
    ["project_path:acme/*:ref_type:tag:ref:v*", "every project under acme/", "tags matching v*"],
    ["project_path:acme/web:ref_type:branch:ref:*", "project acme/web", "any branch"],
    ["*", "every project (no restriction)", "any ref"],
  ])("%s", (pattern, projects, refs) => {
    expect(describeSubPattern(pattern)).toEqual({ projects, refs });
  });

  it.each([
    ["project_path:*:ref_type:branch:ref:main", "every project", "branch main"],
    ["project_path:acme/we*:ref_type:*:ref:v?", "projects matching acme/we*", "branches or tags matching v?"],
    ["project_path:acme/web:ref:main", "project_path:acme/web:ref:main", "(see pattern)"],
  ])("%s", (pattern, projects, refs) => {
    expect(describeSubPattern(pattern)).toEqual({ projects, refs });
  });
});
