import { describe, expect, it } from "vitest";
import { baselineFacts, mergeApprovalDrift, sinceApproval, type MappingForDrift } from "@/lib/gitlab-facts/baseline";
import { branch, facts, member, noGroups, TEAM } from "./fixtures";

const mapping = (id: string, over: Partial<MappingForDrift> = {}): MappingForDrift => ({ id, refType: "branch", refPattern: "main", role: { arn: `arn:aws:iam::1:role/${id}`, production: false }, ...over });
const protectedMain = facts({ protectedBranches: [branch("main")] });
const baseline = { facts: baselineFacts(protectedMain), fetchedAt: "2026-01-01T00:00:00.000Z" };

describe("GitLab's side since approval", () => {
  it("a baseline keeps the rules and only the Maintainers and Owners", () => {
    expect(baselineFacts(protectedMain).members.map((m) => m.username)).toEqual(["olga", "max", "mia"]);
    expect(baselineFacts(protectedMain).protectedBranches).toEqual(protectedMain.protectedBranches);
  });

  it("a mapped branch that lost its protection after approval is a finding with its ref type, however many checks later", () => {
    const now = facts({ protectedBranches: [] });
    const found = sinceApproval(mapping("m1"), baseline, now, noGroups);

    expect(found).toEqual([expect.objectContaining({ code: "ref-lost-protection", project: "acme/web", ref: "main", refType: "branch" })]);
    expect(found[0]?.message).toContain("since approval (GitLab as read 2026-01-01T00:00:00.000Z)");
    // The baseline does not move: the next check still reports it.
    expect(sinceApproval(mapping("m1"), baseline, now, noGroups)).toEqual(found);
  });

  it("a new Maintainer counts on a production-mapped project only; developers joining are not drift", () => {
    const now = facts({ protectedBranches: [branch("main")], members: [...TEAM, member("newbie", 40, "active", 99), member("dev9", 30, "active", 98)] });

    expect(sinceApproval(mapping("m1"), baseline, now, noGroups)).toEqual([]);
    const prod = sinceApproval(mapping("m1", { role: { arn: "arn:aws:iam::1:role/prod", production: true } }), baseline, now, noGroups);
    expect(prod.map((f) => f.code)).toEqual(["new-maintainer-on-production-project"]);
    expect(prod[0]?.message).toContain("newbie");
  });

  it("two mappings on the same ref report one change naming both mappings and roles", () => {
    const now = facts({ protectedBranches: [] });
    const merged = mergeApprovalDrift([
      { mapping: mapping("m1"), findings: sinceApproval(mapping("m1"), baseline, now, noGroups) },
      { mapping: mapping("m2"), findings: sinceApproval(mapping("m2"), baseline, now, noGroups) },
    ]);

    expect(merged).toHaveLength(1);
    expect(merged[0]).toMatchObject({ code: "ref-lost-protection", mappingIds: ["m1", "m2"], roleArns: ["arn:aws:iam::1:role/m1", "arn:aws:iam::1:role/m2"] });
  });
});
