import { describe, expect, it } from "vitest";
import { EVENT_KINDS, type EventKind, type NotifyEvent } from "@/lib/notify/events";
import { candidatesOf, recipientsOf } from "@/lib/notify/recipients";
import { EVENTS_OF_EVERY_KIND, USERS, eventOf } from "./fixtures";

const NO_MUTES = new Map<string, Set<EventKind>>();
const names = (event: NotifyEvent, mutes = NO_MUTES, users = USERS) => recipientsOf(event, users, mutes).map((u) => u.id);

// Issue #15's table, with the fixture's people: ria files (requester), avery/blake/cleo approve,
// ada is admin, audra audits, dev is another requester.
const EXPECTED: Record<EventKind, string[]> = {
  "request.filed": ["avery", "blake", "cleo", "ada"],
  "request.approval_recorded": ["ria", "blake", "cleo", "ada"],
  "request.approved": ["ria"],
  "request.rejected": ["ria", "avery"],
  "request.withdrawn": ["avery"],
  "mapping.expiring": ["ria", "avery", "blake"],
  "mapping.expired": ["ria", "avery", "blake"],
  "mapping.revoked": ["ria", "avery", "blake"],
  "reconcile.drift_found": ["avery", "blake", "cleo", "ada"],
  "reconcile.apply_failed": ["avery", "blake", "cleo"],
  "gitlab.ref_unprotected": ["avery", "blake", "cleo", "ada"],
  "review.opened": ["avery"],
  "review.due_soon": ["avery"],
  "review.overdue": ["avery"],
};

describe("who hears about each event", () => {
  it("the fixture has one event of every kind", () => {
    expect(EVENTS_OF_EVERY_KIND.map((e) => e.kind).sort()).toEqual([...EVENT_KINDS].sort());
  });

  for (const event of EVENTS_OF_EVERY_KIND) {
    it(`${event.kind} (by ${event.actor.label}) goes to ${EXPECTED[event.kind].join(", ")}`, () => {
      expect(names(event)).toEqual(EXPECTED[event.kind]);
    });
  }

  it("auditors hear about nothing (they change nothing and hold no review items)", () => {
    for (const event of EVENTS_OF_EVERY_KIND) expect(names(event)).not.toContain("audra");
  });

  it("the requester never gets 'request filed', even when they are an approver and someone else reports it", () => {
    const filed = eventOf("request.filed");
    const byApprover = { ...filed, actor: { id: "ada", label: "ada" }, data: { ...filed.data, requesterId: "avery", requesterLabel: "avery" } };
    expect(names(byApprover)).toEqual(["blake", "cleo"]);
  });

  it("nobody is told about what they did themselves", () => {
    for (const event of EVENTS_OF_EVERY_KIND) {
      if (event.actor.id) expect(names(event)).not.toContain(event.actor.id);
    }
  });

  it("a request withdrawn by an admin tells its requester", () => {
    const withdrawn = eventOf("request.withdrawn");
    expect(names({ ...withdrawn, actor: { id: "ada", label: "ada" } })).toEqual(["ria", "avery"]);
  });

  it("after one of two approvals, only approvers who have not approved yet are asked for the second", () => {
    const e = eventOf("request.approval_recorded");
    expect(names({ ...e, actor: { id: "blake", label: "blake" }, data: { ...e.data, approverIds: ["blake"] } })).toEqual(["ria", "avery", "cleo", "ada"]);
  });

  it("a single-approval request's final approval goes to the requester only", () => {
    const e = eventOf("request.approved");
    expect(names({ ...e, actor: { id: "avery", label: "avery" }, data: { ...e.data, requiredApprovals: 1, approverIds: ["avery"] } })).toEqual(["ria"]);
  });

  it("an approver of a mapping who has since lost the approver role hears no more about it", () => {
    const e = eventOf("mapping.expired");
    expect(names({ ...e, data: { ...e.data, approverIds: ["avery", "dev"] } })).toEqual(["ria", "avery"]);
  });

  it("review reminders go only to approvers still holding open items", () => {
    const e = eventOf("review.overdue");
    const holders = [{ userId: "blake", openItems: 1 }, { userId: "cleo", openItems: 0 }, { userId: "audra", openItems: 4 }, { userId: "ada", openItems: 2 }];
    expect(names({ ...e, data: { ...e.data, holders } })).toEqual(["blake", "ada"]);
  });

  it("a muted kind is not sent to the user who muted it, and other kinds still are", () => {
    const mutes = new Map<string, Set<EventKind>>([["avery", new Set<EventKind>(["request.filed"])], ["blake", new Set<EventKind>(["reconcile.drift_found"])]]);
    expect(names(eventOf("request.filed"), mutes)).toEqual(["blake", "cleo", "ada"]);
    expect(names(eventOf("reconcile.drift_found"), mutes)).toEqual(["avery", "cleo", "ada"]);
  });

  it("people named in a payload who no longer exist are skipped", () => {
    const e = eventOf("mapping.revoked");
    expect(names({ ...e, data: { ...e.data, requesterId: "gone", approverIds: ["gone-too", "blake"] } })).toEqual(["blake"]);
  });

  it("candidates: everyone named in the payload plus the roles that decide approvals", () => {
    expect(candidatesOf(eventOf("request.rejected"))).toEqual({ ids: ["ria", "avery"], roles: ["approver", "admin"] });
    expect(candidatesOf(eventOf("review.opened")).ids).toEqual(["avery", "blake", "ria"]);
    expect(candidatesOf(eventOf("reconcile.drift_found")).ids).toEqual([]);
    // Whatever the rules pick is among the candidates (so a service may load only those).
    for (const event of EVENTS_OF_EVERY_KIND) {
      const c = candidatesOf(event);
      for (const u of recipientsOf(event, USERS, NO_MUTES)) expect(c.ids.includes(u.id) || c.roles.includes(u.role)).toBe(true);
    }
  });
});
