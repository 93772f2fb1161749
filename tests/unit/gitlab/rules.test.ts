import { describe, expect, it } from "vitest";
import { branchSearchMatches } from "@/lib/sandbox/gitlab/rules/branch-search";
import { protectedRefMatches } from "@/lib/gitlab/protected-ref";
import { validateSubClaimComponents } from "@/lib/sandbox/gitlab/rules/sub-claim";
import { validateNewVariable, validateVariableUpdate, type VariableFields } from "@/lib/sandbox/gitlab/rules/variables";

const variable = (over: Partial<VariableFields>): VariableFields => ({
  key: "KEY",
  value: "value",
  masked: false,
  hidden: false,
  raw: false,
  description: null,
  ...over,
});

describe("GitLab's masked value rule", () => {
  it.each([
    ["8 Base64 characters", "abcdEFG1", false, true],
    ["Base64 plus @ : . ~ - _ + = /", "a@b:c.d~e-f_g+h=i/j", false, true],
    ["7 characters", "abcdEFG", false, false],
    ["a space", "abcd EFGH", false, false],
    ["a newline", "abcdEFGH\nabcd", false, false],
    ["a dollar sign (expanded value)", "abcd$EFGH", false, false],
    ["a dollar sign in a raw value", "abcd$EFGH", true, true],
    ["a space in a raw value", "abcd EFGH", true, false],
  ])("a masked value with %s is %s", (_label, value, raw, valid) => {
    const errors = validateNewVariable(variable({ value, masked: true, raw }));
    expect(errors.value === undefined).toBe(valid);
  });

  it("does not constrain unmasked values", () => {
    expect(validateNewVariable(variable({ value: "any thing\nat all" }))).toEqual({});
  });
});

describe("GitLab's key and hidden rules", () => {
  it.each([
    ["AWS_ROLE_ARN_1", {}],
    ["aws-role", { key: ["can contain only letters, digits and '_'."] }],
    ["", { key: ["can't be blank"] }],
    ["K".repeat(256), { key: ["is too long (maximum is 255 characters)"] }],
  ])("key %j gives %j", (key, expected) => {
    expect(validateNewVariable(variable({ key }))).toEqual(expected);
  });

  it("a hidden variable must be masked at creation", () => {
    expect(validateNewVariable(variable({ hidden: true, masked: false }))).toEqual({ masked: ["should be true when variable is hidden"] });
  });

  it("a hidden variable's masking cannot change on update", () => {
    const errors = validateVariableUpdate({ masked: true, hidden: true }, variable({ value: "abcdEFGH", hidden: true, masked: false }));
    expect(errors.base).toEqual(["The visibility setting cannot be changed for masked and hidden variables."]);
  });
});

describe("protected branch wildcard matching", () => {
  it.each([
    ["main", "main", true],
    ["main", "main2", false],
    ["release/*", "release/1.0", true],
    ["release/*", "release/1.0/hotfix", true],
    ["release/*", "release", false],
    ["release/*", "releases/1.0", false],
    ["*-stable", "13-stable", true],
    ["*-stable", "13-stable-fix", false],
    ["v*.*", "v1.2", true],
    ["feat.x", "featYx", false],
    ["", "", false],
  ])("rule %j covers %j: %s", (pattern, ref, expected) => {
    expect(protectedRefMatches(pattern, ref)).toBe(expected);
  });
});

describe("branch search", () => {
  it.each([
    ["main", "feature/Main-fix", true],
    ["^main", "maintenance", true],
    ["^main", "feature/main", false],
    ["main$", "feature/main", true],
    ["main$", "maintenance", false],
    ["^main$", "main", true],
    ["^main$", "mainline", false],
  ])("search %j matches %j: %s", (search, name, expected) => {
    expect(branchSearchMatches(name, search)).toBe(expected);
  });
});

describe("ID token sub claim components", () => {
  it("accepts GitLab's default and a shorter list starting with project_path", () => {
    expect(validateSubClaimComponents(["project_path", "ref_type", "ref"])).toEqual({});
    expect(validateSubClaimComponents(["project_path"])).toEqual({});
  });

  it("refuses an empty list, a list not starting with project_path, and unknown components", () => {
    const field = "ci_cd_settings.id_token_sub_claim_components";
    expect(validateSubClaimComponents([])[field]).toContain("is too short (minimum is 1 character)");
    expect(validateSubClaimComponents(["ref", "project_path"])[field]).toEqual(["project_path must be the first element of the sub claim"]);
    expect(validateSubClaimComponents(["project_path", "environment"])[field]).toEqual(["environment is not an allowed sub claim component"]);
  });

  it("accepts more components when the instance's list is given", () => {
    expect(validateSubClaimComponents(["project_path", "ref_protected"], ["project_path", "ref_protected"])).toEqual({});
  });
});
