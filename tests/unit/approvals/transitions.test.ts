import { describe, expect, it } from "vitest";
import { approve, expire, reject, revoke, withdraw, type MappingStatus, type WorkflowState } from "@/lib/approvals/transitions";

const NOW = new Date("2026-06-01T12:00:00Z");
const ALL: MappingStatus[] = ["requested", "approved", "rejected", "revoked", "expired", "withdrawn"];

function state(over: Partial<WorkflowState> = {}): WorkflowState {
  return { status: "requested", requesterId: "ria", requiredApprovals: 1, approverIds: [], expiresAt: null, ...over };
}

describe("approve", () => {
  it("one approval makes a normal request approved", () => {
    expect(approve(state(), "avery", NOW)).toEqual({ ok: true, status: "approved", approverIds: ["avery"], decisionReason: null, approvalsRemaining: 0 });
  });

  it("a high-risk request stays requested after the first approval and is approved by a second, different approver", () => {
    const first = approve(state({ requiredApprovals: 2 }), "avery", NOW);
    expect(first).toMatchObject({ ok: true, status: "requested", approverIds: ["avery"], approvalsRemaining: 1 });
    const second = approve(state({ requiredApprovals: 2, approverIds: ["avery"] }), "blake", NOW);
    expect(second).toMatchObject({ ok: true, status: "approved", approverIds: ["avery", "blake"], approvalsRemaining: 0 });
  });

  it("the same approver cannot count twice (two-person rule)", () => {
    expect(approve(state({ requiredApprovals: 2, approverIds: ["avery"] }), "avery", NOW)).toMatchObject({ ok: false, refusal: { code: "ALREADY_APPROVED" } });
  });

  it("nobody approves their own request, whatever the tier", () => {
    for (const requiredApprovals of [1, 2]) {
      expect(approve(state({ requiredApprovals }), "ria", NOW)).toMatchObject({ ok: false, refusal: { code: "SELF_APPROVAL" } });
    }
  });

  it("a request whose expiry has passed cannot be approved (at the exact instant too)", () => {
    expect(approve(state({ expiresAt: new Date(NOW.getTime() - 1) }), "avery", NOW)).toMatchObject({ ok: false, refusal: { code: "EXPIRED" } });
    expect(approve(state({ expiresAt: NOW }), "avery", NOW)).toMatchObject({ ok: false, refusal: { code: "EXPIRED" } });
    expect(approve(state({ expiresAt: new Date(NOW.getTime() + 1) }), "avery", NOW)).toMatchObject({ ok: true, status: "approved" });
  });

  it.each(ALL.filter((s) => s !== "requested"))("only pending requests can be approved (not %s)", (status) => {
    expect(approve(state({ status }), "avery", NOW)).toMatchObject({ ok: false, refusal: { code: "NOT_PENDING" } });
  });
});

describe("reject", () => {
  it("needs a reason, trimmed", () => {
    expect(reject(state(), "avery", "   ")).toMatchObject({ ok: false, refusal: { code: "REASON_REQUIRED" } });
    expect(reject(state(), "avery", "  too broad ")).toMatchObject({ ok: true, status: "rejected", decisionReason: "too broad" });
  });

  it("a half-approved high-risk request can still be rejected, by someone other than the requester", () => {
    expect(reject(state({ requiredApprovals: 2, approverIds: ["avery"] }), "blake", "no")).toMatchObject({ ok: true, status: "rejected" });
    expect(reject(state(), "ria", "changed my mind")).toMatchObject({ ok: false, refusal: { code: "SELF_APPROVAL" } });
  });

  it.each(ALL.filter((s) => s !== "requested"))("only pending requests can be rejected (not %s)", (status) => {
    expect(reject(state({ status }), "avery", "why")).toMatchObject({ ok: false, refusal: { code: "NOT_PENDING" } });
  });
});

describe("withdraw", () => {
  it("the requester withdraws their own pending request; others cannot, admins can", () => {
    expect(withdraw(state(), "ria")).toMatchObject({ ok: true, status: "withdrawn" });
    expect(withdraw(state(), "avery")).toMatchObject({ ok: false, refusal: { code: "NOT_REQUESTER" } });
    expect(withdraw(state(), "ada", true)).toMatchObject({ ok: true, status: "withdrawn" });
  });

  it.each(ALL.filter((s) => s !== "requested"))("only pending requests can be withdrawn (not %s)", (status) => {
    expect(withdraw(state({ status }), "ria")).toMatchObject({ ok: false, refusal: { code: "NOT_PENDING" } });
  });
});

describe("revoke", () => {
  it("revokes an approved mapping with a reason", () => {
    expect(revoke(state({ status: "approved", approverIds: ["avery"] }), "")).toMatchObject({ ok: false, refusal: { code: "REASON_REQUIRED" } });
    expect(revoke(state({ status: "approved", approverIds: ["avery"] }), "project archived")).toMatchObject({ ok: true, status: "revoked", decisionReason: "project archived" });
  });

  it.each(ALL.filter((s) => s !== "approved"))("only approved mappings can be revoked (not %s)", (status) => {
    expect(revoke(state({ status }), "why")).toMatchObject({ ok: false, refusal: { code: "NOT_APPROVED" } });
  });
});

describe("expire", () => {
  it("expires pending and approved mappings once the expiry has passed, not before", () => {
    for (const status of ["requested", "approved"] as const) {
      expect(expire(state({ status, expiresAt: NOW }), NOW)).toMatchObject({ ok: true, status: "expired" });
      expect(expire(state({ status, expiresAt: new Date(NOW.getTime() + 1000) }), NOW)).toMatchObject({ ok: false, refusal: { code: "NOT_DUE" } });
      expect(expire(state({ status, expiresAt: null }), NOW)).toMatchObject({ ok: false, refusal: { code: "NOT_DUE" } });
    }
  });

  it.each(["rejected", "revoked", "expired", "withdrawn"] as const)("is idempotent: a %s mapping is never expired again", (status) => {
    expect(expire(state({ status, expiresAt: new Date(0) }), NOW)).toMatchObject({ ok: false, refusal: { code: "NOT_PENDING" } });
  });
});

describe("every (status × transition × actor) combination", () => {
  // Exhaustive: a transition either refuses or lands in the one status the diagram allows.
  const actors = ["ria", "avery", "blake"];
  const allowed: Record<string, Partial<Record<MappingStatus, MappingStatus[]>>> = {
    approve: { requested: ["requested", "approved"] },
    reject: { requested: ["rejected"] },
    withdraw: { requested: ["withdrawn"] },
    revoke: { approved: ["revoked"] },
    expire: { requested: ["expired"], approved: ["expired"] },
  };
  for (const status of ALL) {
    for (const required of [1, 2]) {
      for (const approvers of [[], ["avery"]]) {
        for (const actor of actors) {
          it(`${status}, ${required} required, approved by [${approvers.join(",")}], actor ${actor}`, () => {
            const s = state({ status, requiredApprovals: required, approverIds: approvers, expiresAt: new Date(0) });
            const results = {
              approve: approve({ ...s, expiresAt: null }, actor, NOW),
              reject: reject(s, actor, "r"),
              withdraw: withdraw(s, actor),
              revoke: revoke(s, "r"),
              expire: expire(s, NOW),
            };
            for (const [name, result] of Object.entries(results)) {
              if (!result.ok) continue;
              expect(allowed[name]?.[status] ?? [], `${name} from ${status}`).toContain(result.status);
              if (name === "approve") {
                expect(actor).not.toBe("ria");
                expect(result.approverIds).toEqual([...approvers, actor]);
                expect(result.status === "approved").toBe(result.approverIds.length >= required);
              }
            }
          });
        }
      }
    }
  }
});
