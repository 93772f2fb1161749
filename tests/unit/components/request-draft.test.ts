import { describe, expect, it } from "vitest";
import { matchRoles, newDraft, previewable, roleOptions, withField, type RoleChoice } from "@/components/requests/draft";

const role = (name: string, extra: Partial<RoleChoice> = {}): RoleChoice => ({
  id: `id-${name}`,
  name,
  arn: `arn:aws:iam::111122223333:role/${name}`,
  production: false,
  accountId: "111122223333",
  accountName: "demo-sandbox",
  audiences: ["https://gitlab.com"],
  ...extra,
});

const ROLES = [
  role("deploy-production", { production: true }),
  role("deploy-staging"),
  role("terraform-plan", { accountId: "444455556666", accountName: "tooling", arn: "arn:aws:iam::444455556666:role/terraform-plan", audiences: ["sts.amazonaws.com", "https://gitlab.com"] }),
];

describe("the request draft", () => {
  it("starts with no role chosen (not the first, production role) and no audience", () => {
    const d = newDraft();
    expect(d.roleId).toBe("");
    expect(d.audience).toBe("");
    expect(previewable(d)).toBeNull();
  });

  it("keeps a link's pre-filled fields", () => {
    expect(newDraft({ gitlabPath: "acme/web", refPattern: "release/*", refType: "tag", scope: "group" })).toMatchObject({ gitlabPath: "acme/web", refPattern: "release/*", refType: "tag", scope: "group", roleId: "" });
  });

  it("choosing a role picks its first audience, and keeps the audience when the role accepts it", () => {
    const chosen = withField(newDraft(), "roleId", "id-terraform-plan", ROLES);
    expect(chosen.audience).toBe("sts.amazonaws.com");
    const kept = withField({ ...chosen, audience: "https://gitlab.com" }, "roleId", "id-deploy-staging", ROLES);
    expect(kept.audience).toBe("https://gitlab.com");
    expect(withField(kept, "roleId", "", ROLES).audience).toBe("");
  });

  it("is previewable once role, path, ref and audience are given", () => {
    const d = { ...withField(newDraft(), "roleId", "id-deploy-staging", ROLES), gitlabPath: "acme/web" };
    expect(previewable(d)).toEqual({ roleId: "id-deploy-staging", scope: "project", gitlabPath: "acme/web", refType: "branch", refPattern: "main", environment: null, audience: "https://gitlab.com" });
  });
});

describe("the role search", () => {
  it("narrows by name, ARN, account name or account id, case-insensitively, every word must match", () => {
    expect(matchRoles(ROLES, "").map((r) => r.name)).toEqual(["deploy-production", "deploy-staging", "terraform-plan"]);
    expect(matchRoles(ROLES, "DEPLOY").map((r) => r.name)).toEqual(["deploy-production", "deploy-staging"]);
    expect(matchRoles(ROLES, "tooling").map((r) => r.name)).toEqual(["terraform-plan"]);
    expect(matchRoles(ROLES, "4444").map((r) => r.name)).toEqual(["terraform-plan"]);
    expect(matchRoles(ROLES, "deploy sandbox prod").map((r) => r.name)).toEqual(["deploy-production"]);
    expect(matchRoles(ROLES, "deploy tooling")).toEqual([]);
  });

  it("treats the search as plain text, not a pattern", () => {
    expect(matchRoles(ROLES, ".*")).toEqual([]);
    expect(matchRoles(ROLES, "deploy-*")).toEqual([]);
  });

  it("picks the role when exactly one matches, and only then", () => {
    expect(roleOptions(ROLES, "staging", "").single?.name).toBe("deploy-staging");
    expect(roleOptions(ROLES, "deploy", "").single).toBeNull();
    expect(roleOptions(ROLES, "", "").single).toBeNull();
    expect(roleOptions(ROLES, "nothing-like-this", "").single).toBeNull();
  });

  it("keeps the chosen role among the options when the search leaves it out, without counting it as a match", () => {
    const { options, matches } = roleOptions(ROLES, "terraform", "id-deploy-staging");
    expect(options.map((r) => r.name)).toEqual(["deploy-staging", "terraform-plan"]);
    expect(matches).toBe(1);
  });
});
