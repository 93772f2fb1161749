/**
 * The reconciler tells admins and approvers (issue #15) when a drift check finds drift and when
 * an apply fails, from the real service against moto and the GitLab fake, in the transaction
 * that records the run; and a broken notification store costs no run.
 */
import { GetRoleCommand, UpdateAssumeRolePolicyCommand } from "@aws-sdk/client-iam";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { stopJobSender } from "@/lib/jobs/queue";
import { applyReconcile, checkDrift } from "@/lib/reconcile/service";
import { motoSdk } from "../aws/moto-iam";
import { startFaultProxy } from "../aws/fault-proxy";
import { breakNotificationStore } from "../notify/broken-store";
import { urlFor } from "@/tests/support/db";
import { setupReconcile } from "./harness";

const h = setupReconcile();
const people: Record<string, string> = {};
const schedule = { id: null, label: "schedule" };
const APP = { kind: "project", path: "team/app" } as const;

beforeAll(async () => {
  vi.stubEnv("TRUSTMAP_DEMO", "1");
  vi.stubEnv("SMTP_URL", "");
  vi.stubEnv("TRUSTMAP_WEBHOOK_URL", "");
  vi.stubEnv("TRUSTMAP_SLACK_WEBHOOK_URL", "");
  for (const [username, role] of [["ada", "admin"], ["avery", "approver"], ["ria", "requester"], ["audra", "auditor"]] as const) {
    people[username] = (await h.db.user.create({ data: { username, name: username, role, email: `${username}@example.com` } })).id;
  }
});

afterAll(async () => {
  await stopJobSender();
  vi.unstubAllEnvs();
});

async function told(event: string, runId: string): Promise<string[]> {
  const rows = await h.db.notification.findMany({ where: { event, data: { path: ["runId"], equals: runId } }, include: { user: { select: { username: true } } } });
  return rows.map((r) => r.user?.username ?? `?${r.target}`).sort();
}

async function appliedMapping() {
  const role = await h.addRole("deployer");
  await h.approveMapping(role.id);
  const first = await applyReconcile(schedule, { trigger: "cli" }, { ports: h.ports(), db: h.db, databaseUrl: h.url });
  expect(first.status).toBe("succeeded");
  expect(await h.db.notification.count({ where: { event: "reconcile.apply_failed", data: { path: ["runId"], equals: first.runId } } })).toBe(0);
  return role;
}

async function widenOutOfBand() {
  const { Role } = await motoSdk(h.moto).send(new GetRoleCommand({ RoleName: "deployer" }));
  const document = decodeURIComponent(Role!.AssumeRolePolicyDocument!);
  await motoSdk(h.moto).send(new UpdateAssumeRolePolicyCommand({ RoleName: "deployer", PolicyDocument: document.replace("project_path:team/app:", "project_path:team/*:") }));
}

describe("drift found", () => {
  it("tells admins and approvers (not requesters or auditors) what drifted, with the run; the same drift found again is not news", async () => {
    await appliedMapping();
    const inSync = await checkDrift(schedule, "schedule", { ports: h.ports(), db: h.db });
    expect(inSync.report.inSync).toBe(true);
    expect(await told("reconcile.drift_found", inSync.runId)).toEqual([]);

    await widenOutOfBand();
    const found = await checkDrift(schedule, "schedule", { ports: h.ports(), db: h.db });
    expect(found.report.drifted).toBe(true);
    expect(await told("reconcile.drift_found", found.runId)).toEqual(["ada", "avery"]);
    const row = await h.db.notification.findFirstOrThrow({ where: { event: "reconcile.drift_found", data: { path: ["runId"], equals: found.runId } } });
    expect(row).toMatchObject({ actorId: null, actorLabel: "schedule" });
    expect(row.data).toEqual({ runId: found.runId, trigger: "schedule", summary: "1 × managed statement edited", findings: ["The managed statement of deployer was changed outside trustmap"] });

    const again = await checkDrift(schedule, "schedule", { ports: h.ports(), db: h.db });
    expect(again.report.drifted).toBe(true);
    expect(await told("reconcile.drift_found", again.runId)).toEqual([]);

    // More drift is news again.
    await h.ports().gitlab.updateVariable(APP, "AWS_REGION", "*", { value: "us-west-2" });
    const more = await checkDrift(schedule, "schedule", { ports: h.ports(), db: h.db });
    expect(await told("reconcile.drift_found", more.runId)).toEqual(["ada", "avery"]);
    const moreRow = await h.db.notification.findFirstOrThrow({ where: { event: "reconcile.drift_found", data: { path: ["runId"], equals: more.runId } } });
    expect(moreRow.data).toMatchObject({ summary: "1 × managed statement edited, 1 × variable edited" });
  });

  it("whoever ran the check by hand is not told about it", async () => {
    await appliedMapping();
    await widenOutOfBand();
    const found = await checkDrift({ id: people.avery!, label: "avery" }, "ui", { ports: h.ports(), db: h.db });
    expect(await told("reconcile.drift_found", found.runId)).toEqual(["ada"]);
  });

  it("a broken notification store does not cost the drift run or its audit event", async () => {
    await appliedMapping();
    await widenOutOfBand();
    const repair = await breakNotificationStore(urlFor(new URL(h.url).pathname.slice(1), "owner"));
    try {
      const found = await checkDrift(schedule, "schedule", { ports: h.ports(), db: h.db });
      expect(await h.db.reconcileRun.findUniqueOrThrow({ where: { id: found.runId } })).toMatchObject({ kind: "drift", status: "succeeded" });
      expect(await h.db.auditEvent.count({ where: { action: "reconcile.drift_found", resourceId: found.runId } })).toBe(1);
      expect(await told("reconcile.drift_found", found.runId)).toEqual([]);
    } finally {
      await repair();
    }
  });
});

describe("apply failed", () => {
  it("an apply that ends partial tells admins and approvers which operations failed or were skipped; the one who applied is not told", async () => {
    const role = await h.addRole("deployer");
    await h.approveMapping(role.id);
    const proxy = await startFaultProxy(h.moto.endpoint, (_n, body) =>
      body.includes("Action=UpdateAssumeRolePolicy") ? { status: 400, code: "MalformedPolicyDocument", message: "Invalid principal in policy" } : undefined,
    );
    try {
      const outcome = await applyReconcile({ id: people.ada!, label: "ada" }, { trigger: "ui" }, { ports: h.ports({ iamEndpoint: proxy.endpoint }), db: h.db, databaseUrl: h.url });
      expect(outcome.status).toBe("partial");
      expect(await told("reconcile.apply_failed", outcome.runId)).toEqual(["avery"]);
      const row = await h.db.notification.findFirstOrThrow({ where: { event: "reconcile.apply_failed", data: { path: ["runId"], equals: outcome.runId } } });
      const data = row.data as { failedOperations: number; error: string; operations: string[] };
      expect(data.failedOperations).toBe(outcome.result.failed);
      expect(data.error).toBe(`${outcome.result.failed} of 4 operations failed${outcome.result.skipped ? `, ${outcome.result.skipped} skipped` : ""}, ${outcome.result.done} done`);
      // Each line says what the run page says about the operation.
      const failed = await h.db.reconcileOperation.findFirstOrThrow({ where: { runId: outcome.runId, kind: "trust-policy.update" } });
      expect(failed.error).toMatch(/Invalid principal in policy/);
      expect(data.operations[0]).toBe(`trust-policy.update ${role.arn}: ${failed.error}`);
      expect(data.operations).toHaveLength(outcome.result.failed + outcome.result.skipped);
    } finally {
      await proxy.close();
    }
  });
});
