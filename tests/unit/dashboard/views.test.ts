import { describe, expect, it } from "vitest";
import { attentionItems, personaOf, type FailedRun, type RolesOverview } from "@/lib/dashboard/views";
import { ROLES } from "@/lib/auth/permissions";

const roles = (over: Partial<RolesOverview> = {}): RolesOverview => ({ total: 4, production: 1, notRead: 0, lastReadAt: "2026-01-02T03:04:05.000Z", ...over });
const run = (id: string, over: Partial<FailedRun> = {}): FailedRun => ({ id, kind: "drift", status: "failed", startedAt: "2026-01-02T03:04:05.000Z", error: "Could not check: x", ...over });

describe("what needs an admin's attention", () => {
  it.each([
    ["nothing", { unread: null, failedRuns: [], roles: roles(), awaiting: 0, accounts: 1 }, []],
    ["an unreadable account, named once though its run also failed", { unread: { runId: "r1", at: "t", parts: ["AWS account a could not be read"] }, failedRuns: [run("r1")], roles: roles(), awaiting: 0, accounts: 1 }, [["unread-0", "/reconcile/runs/r1"]]],
    ["a failed and a partial run", { unread: null, failedRuns: [run("r2", { kind: "apply", status: "partial", error: null }), run("r3")], roles: roles(), awaiting: 0, accounts: 1 }, [["run-r2", "/reconcile/runs/r2"], ["run-r3", "/reconcile/runs/r3"]]],
    ["no account, roles not read, requests waiting", { unread: null, failedRuns: [], roles: roles({ notRead: 3 }), awaiting: 2, accounts: 0 }, [["no-accounts", "/settings"], ["not-read", "/reconcile"], ["awaiting", "/approvals"]]],
  ] as const)("%s", (_name, input, expected) => {
    expect(attentionItems(input).map((i) => [i.key, i.href])).toEqual(expected);
  });

  it("says what happened in words", () => {
    const [partial] = attentionItems({ unread: null, failedRuns: [run("r", { kind: "apply", status: "partial", error: null })], roles: roles(), awaiting: 0, accounts: 1 });
    expect(partial?.text).toBe("An apply run partly failed.");
    const [waiting] = attentionItems({ unread: null, failedRuns: [], roles: roles(), awaiting: 1, accounts: 1 });
    expect(waiting?.text).toBe("1 request waits for a decision.");
  });
});

describe("personaOf", () => {
  it("gives every role its own dashboard", () => {
    expect(ROLES.map(personaOf)).toEqual(["requester", "approver", "auditor", "admin"]);
  });
});
