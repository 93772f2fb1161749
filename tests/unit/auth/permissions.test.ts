import { describe, expect, it } from "vitest";
import { ACTIONS, ROLES, can, decide, actionsOf, type Action, type Role } from "@/lib/auth/permissions";
import { ACCOUNT_ITEMS, accountNavFor, NAV_ITEMS, navFor } from "@/lib/nav";

// The expected matrix, written out independently of lib/auth/permissions.ts: a change to the
// rule table must be made here too, on purpose. R = requester, P = approver, U = auditor, A = admin.
const EXPECTED: Record<Action, string> = {
  "dashboard.view": "RPUA",
  "requests.view": "RP_A",
  "requests.create": "RP_A",
  "requests.withdraw": "RP_A",
  "approvals.view": "_P_A",
  "approvals.decide": "_P_A",
  "mappings.view": "RPUA",
  "mappings.revoke": "_P_A",
  "roles.view": "RPUA",
  "access.view": "_PUA",
  "access.export": "__UA",
  "simulate.run": "RPUA",
  "reconcile.view": "_PUA",
  "reconcile.plan": "_P_A",
  "reconcile.apply": "_P_A",
  "audit.view": "_PUA",
  "audit.export": "__UA",
  "audit.verify": "__UA",
  "tradeoffs.view": "RPUA",
  "inventory.view": "__UA",
  "inventory.scan": "___A",
  "settings.view": "___A",
  "settings.manage": "___A",
  "users.manage": "___A",
  "tokens.manage": "RPUA",
  "guide.view": "RPUA",
  "reviews.view": "_PUA",
  "reviews.open": "__UA",
  "reviews.decide": "_P_A",
  "notifications.view": "___A",
  "notifications.manage": "___A",
  "notifications.mute": "RPUA",
};
const LETTER: Record<Role, string> = { requester: "R", approver: "P", auditor: "U", admin: "A" };

describe("authorization rule table", () => {
  it("covers every action with an expectation and is not empty", () => {
    expect(ACTIONS.length).toBeGreaterThan(10);
    expect(Object.keys(EXPECTED).sort()).toEqual([...ACTIONS].sort());
    for (const role of ROLES) expect(actionsOf(role).length).toBeGreaterThan(0);
  });

  for (const role of ROLES) {
    for (const action of ACTIONS) {
      const allowed = EXPECTED[action].includes(LETTER[role]);
      it(`${role} ${allowed ? "may" : "may not"} ${action}`, () => {
        expect(can({ id: "u1", role }, action)).toBe(allowed);
      });
    }
  }

  it("denies everything to a missing user", () => {
    for (const action of ACTIONS) expect(decide(null, action)).toEqual({ allowed: false, reason: "not signed in" });
  });

  it("auditors can change nothing", () => {
    const writes: Action[] = ["requests.create", "requests.withdraw", "approvals.decide", "mappings.revoke", "reconcile.plan", "reconcile.apply", "inventory.scan", "settings.manage", "users.manage", "notifications.manage", "reviews.decide"];
    for (const a of writes) expect(can({ id: "u", role: "auditor" }, a)).toBe(false);
  });

  it("nobody decides on their own request, admins included", () => {
    for (const role of ["approver", "admin"] as const) {
      expect(can({ id: "me", role }, "approvals.decide", { requesterId: "me" })).toBe(false);
      expect(can({ id: "me", role }, "approvals.decide", { requesterId: "someone-else" })).toBe(true);
    }
  });

  it("nobody certifies a mapping they requested in an access review, admins included", () => {
    for (const role of ["approver", "admin"] as const) {
      expect(decide({ id: "me", role }, "reviews.decide", { requesterId: "me" })).toEqual({ allowed: false, reason: "nobody certifies a mapping they requested" });
      expect(can({ id: "me", role }, "reviews.decide", { requesterId: "someone-else" })).toBe(true);
    }
  });

  it("a requester withdraws only their own requests; an admin any", () => {
    expect(can({ id: "me", role: "requester" }, "requests.withdraw", { ownerId: "me" })).toBe(true);
    expect(can({ id: "me", role: "requester" }, "requests.withdraw", { ownerId: "other" })).toBe(false);
    expect(can({ id: "me", role: "admin" }, "requests.withdraw", { ownerId: "other" })).toBe(true);
  });

  it("shows each role exactly the navigation its permissions allow", () => {
    const labels = (role: Role) => navFor({ id: "u", role }).map((i) => i.label);
    expect(labels("requester")).toEqual(["Requests", "Mappings", "Roles", "Simulator", "Trade-offs"]);
    expect(labels("approver")).toEqual(["Requests", "Approvals", "Mappings", "Access", "Reviews", "Roles", "Simulator", "Reconcile", "Audit", "Trade-offs"]);
    expect(labels("auditor")).toEqual(["Mappings", "Access", "Reviews", "Roles", "Simulator", "Reconcile", "Audit", "Inventory", "Trade-offs"]);
    expect(labels("admin")).toEqual(NAV_ITEMS.map((i) => i.label));
    expect(labels("admin")).toContain("Notifications");
  });

  it("gives every role its account links: API tokens and its own email notification settings", () => {
    for (const role of ["requester", "approver", "auditor", "admin"] as const) {
      expect(accountNavFor({ id: "u", role }).map((i) => [i.label, i.href])).toEqual([
        ["API tokens", "/account/tokens"],
        ["Email notifications", "/account/notifications"],
      ]);
    }
    expect(ACCOUNT_ITEMS.every((i) => !NAV_ITEMS.some((n) => n.href === i.href || n.label === i.label))).toBe(true);
  });
});
