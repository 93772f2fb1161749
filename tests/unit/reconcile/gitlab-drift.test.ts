import { describe, expect, it } from "vitest";
import { driftSummary, refUnprotectedNotices, withGitLabSinceApproval, type DriftReport } from "@/lib/reconcile/drift";

const clean: DriftReport = { items: [], drifted: false, unchecked: [], inSync: true };
const lost = { code: "ref-lost-protection", message: "branch main on acme/web lost its protection since approval", project: "acme/web", ref: "main", refType: "branch" as const, mappingIds: ["m1", "m2"], roleArns: ["arn:r1", "arn:r2"] };

describe("the drift check with GitLab's side since approval", () => {
  it("each GitLab finding is drift, named by project and ref, with the mappings it concerns", () => {
    const report = withGitLabSinceApproval(clean, { findings: [lost], unchecked: [] });

    expect(report).toMatchObject({ drifted: true, inSync: false, unchecked: [] });
    expect(report.items).toEqual([{ kind: "gitlab-ref-lost-protection", message: lost.message, roleArn: "arn:r1", project: "acme/web", ref: "main", refType: "branch", mappingIds: ["m1", "m2"] }]);
    expect(driftSummary(report)).toBe("1 × mapped GitLab ref lost its protection");
  });

  it("GitLab's side that could not be read is unchecked, never in sync; findings it does not know are not drift", () => {
    const report = withGitLabSinceApproval(clean, { findings: [{ ...lost, code: "something-else" }], unchecked: ["GitLab's side of 1 approved mapping(s): unknown (GitLab not connected)"] });

    expect(report).toMatchObject({ items: [], drifted: false, inSync: false });
    expect(report.unchecked).toHaveLength(1);
  });

  it("a ref that lost its protection is announced once: not again while the previous check reported it", () => {
    const report = withGitLabSinceApproval(clean, { findings: [lost, { ...lost, code: "force-push-enabled", message: "force push was allowed on main" }], unchecked: [] });

    expect(refUnprotectedNotices(report.items, null)).toEqual([{ projectPath: "acme/web", refType: "branch", ref: "main", detail: lost.message, mappingIds: ["m1", "m2"] }]);
    expect(refUnprotectedNotices(report.items, [lost.message])).toEqual([]);
    expect(refUnprotectedNotices(report.items, ["something else"])).toHaveLength(1);
  });
});
