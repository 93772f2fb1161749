import { describe, expect, it } from "vitest";
import { REVIEW_REPORT_HEADER, reviewReportCsv, reviewReportFileName } from "@/lib/reviews/report";
import type { ReviewDetailView, ReviewItemView } from "@/lib/reviews/views";

const mapping: ReviewItemView["mapping"] = {
  scope: "project",
  gitlabPath: "acme/web",
  refType: "branch",
  refPattern: "main",
  environment: null,
  audience: "https://gitlab.com",
  role: { id: "role-1", name: "deploy", arn: "arn:aws:iam::111122223333:role/deploy" },
  accountId: "111122223333",
  requester: { id: "ria", username: "ria" },
  approvers: ["avery", "blake"],
  justification: "=cmd|' /C calc'!A0",
  requestedAt: "2026-01-01T00:00:00.000Z",
  approvedAt: "2026-01-02T00:00:00.000Z",
};
const progress = { total: 2, decided: 1, kept: 0, revoked: 1, undecided: 1, percent: 50, overdue: false, dueSoon: false };
const view = (status: "open" | "closed"): ReviewDetailView => ({
  review: { id: "r1", title: "Q2 review", status, scope: { roleIds: [], accountIds: [] }, dueAt: "2026-06-15T23:59:59.999Z", openedAt: "2026-06-01T00:00:00.000Z", openedBy: "audra", closedAt: null, closedBy: null, progress },
  items: [
    {
      id: "i1", mappingId: "m1", mapping, mappingStatus: "revoked", holders: ["avery"], ageDays: 150, decision: "revoke", reason: "=unused, since March", decidedBy: "avery", decidedAt: "2026-06-02T10:00:00.000Z", overdue: false,
      evidence: { at: "2026-06-02T10:00:00.000Z", usage: { lastUsedAt: null, uses30d: 0, uses90d: 0, unused: true, unusedDays: 90, readUntil: "2026-06-02T09:00:00.000Z", sandbox: false, refs: [] }, gitlab: { checked: true, reason: null, targets: [{ project: "acme/web", protected: true, rules: ["main"], allowForcePush: false, people: 3 }], moreTargets: 0, findings: [] } },
    },
    { id: "i2", mappingId: "m2", mapping, mappingStatus: "approved", holders: ["avery"], ageDays: 150, decision: null, reason: null, decidedBy: null, decidedAt: null, evidence: null, overdue: false },
  ],
});

describe("the review report as CSV", () => {
  it("has the documented header and one row per item: who decided what, when, why, on what evidence", () => {
    const lines = reviewReportCsv(view("closed")).trimEnd().split(/\r?\n/);
    expect(lines[0]).toBe(REVIEW_REPORT_HEADER.join(","));
    expect(lines).toHaveLength(3);
    const row = lines[1]!;
    expect(row).toContain("revoke");
    expect(row).toContain("avery");
    expect(row).toContain("2026-06-02T10:00:00.000Z");
    expect(row).toContain("unused for 90+ days");
    expect(row).toContain("GitLab: protected, 3 people can run it, 0 findings");
    expect(lines[2]).toContain("undecided");
  });

  it("defuses cells a spreadsheet would run as formulas (user-typed reasons)", () => {
    const csv = reviewReportCsv(view("closed"));
    expect(csv).not.toMatch(/(^|,)=unused/m);
    expect(csv).toContain("'=unused, since March");
  });

  it("names the file final once closed, interim while open", () => {
    expect(reviewReportFileName(view("closed"))).toBe("access-review-q2-review-final.csv");
    expect(reviewReportFileName(view("open"))).toBe("access-review-q2-review-interim.csv");
  });
});
