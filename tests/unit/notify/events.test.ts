import { describe, expect, it } from "vitest";
import { actorOf, EVENT_KINDS, EVENTS, isEventKind, mappingFactsOf } from "@/lib/notify/events";
import { MAPPING } from "./fixtures";

const ROW = {
  id: MAPPING.mappingId,
  scope: "project" as const,
  gitlabPath: "acme/web",
  refType: "tag" as const,
  refPattern: "v*",
  environment: null,
  riskTier: "high",
  requiredApprovals: 2,
  requesterId: "ria",
  requester: { username: "ria" },
  role: { arn: MAPPING.roleArn, name: "deploy-production" },
  approvals: [{ approverId: "avery" }],
  // Fields a service's row has beyond what the payload needs are ignored.
  justification: "not in the common payload",
};

describe("the event catalog", () => {
  it("has the events of issue #15's table, each with a label, an audience and a group", () => {
    expect(EVENT_KINDS).toEqual([
      "request.filed", "request.approval_recorded", "request.approved", "request.rejected", "request.withdrawn",
      "mapping.expiring", "mapping.expired", "mapping.revoked",
      "reconcile.drift_found", "reconcile.apply_failed", "gitlab.ref_unprotected",
      "review.opened", "review.due_soon", "review.overdue",
    ]);
    for (const kind of EVENT_KINDS) expect(EVENTS[kind].label.length).toBeGreaterThan(3);
    expect(isEventKind("request.filed")).toBe(true);
    expect(isEventKind("toString")).toBe(false);
    expect(isEventKind(42)).toBe(false);
  });

  it("builds a mapping event's payload from the row a service holds", () => {
    expect(mappingFactsOf(ROW)).toEqual({ ...MAPPING, approverIds: ["avery"] });
    expect(mappingFactsOf(ROW, ["avery", "blake"]).approverIds).toEqual(["avery", "blake"]);
    expect(actorOf({ id: "u1", username: "avery" })).toEqual({ id: "u1", label: "avery" });
  });
});
