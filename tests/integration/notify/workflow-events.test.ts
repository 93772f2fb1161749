/**
 * Issue #15's table, as the real workflow services run it: each change writes its notification
 * rows (one per recipient, in the change's transaction) to the people the table names, and a
 * notification store that fails never fails the change. Demo mode without SMTP routes email to
 * the outbox, so every user with an address is a possible recipient.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { announceExpiringMappings, approveRequest, expireDueMappings, rejectRequest, revokeMapping, withdrawRequest } from "@/lib/approvals/service";
import { mappingsExpireJob } from "@/lib/approvals/jobs";
import type { Db } from "@/lib/db/prisma";
import { stopJobSender } from "@/lib/jobs/queue";
import { startJobRunner } from "@/lib/jobs/runner";
import { notifyDeliverJob } from "@/lib/notify/jobs";
import { listOutbox } from "@/lib/notify/service";
import { createRequest } from "@/lib/requests/service";
import { MemoryGitLab } from "@/lib/sandbox/gitlab/memory-port";
import { storeSandbox } from "@/lib/sandbox/service";
import type { CurrentUser } from "@/lib/users/current-user";
import { useFreshDatabase } from "../../support/db";
import { requestInput, seedWorkflow } from "../workflow/fixtures";
import { breakNotificationStore } from "./broken-store";

let db: Db;
let url: string;
let ownerUrl: string;
let w: Awaited<ReturnType<typeof seedWorkflow>>;
const as: Record<string, CurrentUser> = {};
const errorLines: string[] = [];
const DAY = 24 * 60 * 60 * 1000;

beforeAll(async () => {
  const fresh = await useFreshDatabase();
  ({ db, url } = fresh);
  ownerUrl = fresh.urlAs("owner");
  vi.stubEnv("TRUSTMAP_DEMO", "1");
  vi.stubEnv("SMTP_URL", "");
  vi.stubEnv("TRUSTMAP_WEBHOOK_URL", "");
  vi.stubEnv("TRUSTMAP_SLACK_WEBHOOK_URL", "");
  vi.stubEnv("AUTH_URL", "https://trustmap.test");
  w = await seedWorkflow(db);
  // Demo mode without GITLAB_TOKEN checks request paths against the sandbox GitLab: it holds the project.
  const gitlab = new MemoryGitLab();
  gitlab.addProject("acme/web", { branches: ["main"], protectedBranches: ["main"] });
  await db.$transaction((tx) => storeSandbox(tx, { gitlab: gitlab.exportState() }));
  for (const u of [w.ria, w.avery, w.blake, w.audra, w.ada]) {
    await db.user.update({ where: { id: u.id }, data: { email: `${u.username}@example.com` } });
    as[u.username] = { id: u.id, username: u.username, name: u.name, role: u.role, isDemo: false };
  }
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void errorLines.push(args.map(String).join(" ")));
});

afterAll(async () => {
  await stopJobSender();
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  await db?.$disconnect();
});

/** Who got `event` about `mappingId`: the usernames, sorted. */
async function told(event: string, mappingId: string): Promise<string[]> {
  const rows = await db.notification.findMany({ where: { event, data: { path: ["mappingId"], equals: mappingId } }, include: { user: { select: { username: true } } } });
  return rows.map((r) => r.user?.username ?? `?${r.target}`).sort();
}

async function file(username: string, over: Record<string, unknown> = {}, roleId = w.staging.id): Promise<string> {
  const res = await createRequest(as[username]!, requestInput(roleId, over));
  if (!res.created) throw new Error(`not filed: ${JSON.stringify(res)}`);
  return res.id;
}

const approve = (username: string, mappingId: string) => approveRequest(as[username]!, { mappingId, comment: null });
let refs = 0;
const ref = () => `notify-${++refs}`;

describe("delivery in demo mode", () => {
  it("the runner's notify-deliver job keeps a filed request's emails in the outbox, addressed to the approvers, with the link", async () => {
    const runner = await startJobRunner({ databaseUrl: url, pollingIntervalSeconds: 0.5, definitions: [notifyDeliverJob], log: () => {} });
    try {
      const id = await file("ria", { refPattern: ref() });
      const deadline = Date.now() + 30_000;
      let mails = (await listOutbox(500)).filter((m) => m.text.includes(id));
      while (mails.length < 3 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 200));
        mails = (await listOutbox(500)).filter((m) => m.text.includes(id));
      }
      expect(mails.map((m) => m.to).sort()).toEqual(["ada@example.com", "avery@example.com", "blake@example.com"]);
      for (const m of mails) {
        expect(m.event).toBe("request.filed");
        expect(m.text).toContain(`https://trustmap.test/mappings/${id}`);
      }
    } finally {
      await runner.stop();
    }
  });
});

describe("the workflow notifies the people issue #15 names, in the transaction of the change", () => {
  it("request filed: every approver and admin, never the requester, with the request's facts and a link-able mapping id", async () => {
    const id = await file("ria", { refPattern: ref(), justification: "Staging deploys from CI" });
    expect(await told("request.filed", id)).toEqual(["ada", "avery", "blake"]);
    const row = await db.notification.findFirstOrThrow({ where: { event: "request.filed", data: { path: ["mappingId"], equals: id } } });
    expect(row).toMatchObject({ channel: "email", actorId: w.ria.id, actorLabel: "ria" });
    expect(row.data).toMatchObject({ mappingId: id, requesterId: w.ria.id, requesterLabel: "ria", roleName: "deploy-staging", justification: "Staging deploys from CI", riskTier: "normal" });
    // The job that delivers each one was enqueued with it.
    const jobs = await db.$queryRawUnsafe<{ n: bigint }[]>("select count(*) as n from pgboss.job where name = 'notify-deliver' and data->>'notificationId' = $1", row.id);
    expect(Number(jobs[0]!.n)).toBe(1);
  });

  it("an approver who files a request is not told about it; the other approvers are", async () => {
    const id = await file("avery", { refPattern: ref() });
    expect(await told("request.filed", id)).toEqual(["ada", "blake"]);
  });

  it("each approval of a two-approval request: the requester and whoever can still approve; the final one: the requester", async () => {
    const id = await file("ria", { refType: "tag", refPattern: `v${ref()}*` }, w.production.id);
    await approve("avery", id);
    expect(await told("request.approval_recorded", id)).toEqual(["ada", "blake", "ria"]);
    const once = await db.notification.findFirstOrThrow({ where: { event: "request.approval_recorded", data: { path: ["mappingId"], equals: id } } });
    expect(once.data).toMatchObject({ approvalsRemaining: 1, approverIds: [w.avery.id] });
    await approve("blake", id);
    expect(await told("request.approved", id)).toEqual(["ria"]);
    const final = await db.notification.findFirstOrThrow({ where: { event: "request.approved", data: { path: ["mappingId"], equals: id } } });
    expect(final).toMatchObject({ actorLabel: "blake" });
    expect(final.data).toMatchObject({ approverIds: [w.avery.id, w.blake.id], expiresAt: null });
  });

  it("rejected: the requester and the approvers who had approved, with the reason", async () => {
    const id = await file("ria", { refType: "tag", refPattern: `v${ref()}*` }, w.production.id);
    await approve("avery", id);
    await rejectRequest(as.blake!, { mappingId: id, reason: "  Use the staging role  " });
    expect(await told("request.rejected", id)).toEqual(["avery", "ria"]);
    const row = await db.notification.findFirstOrThrow({ where: { event: "request.rejected", data: { path: ["mappingId"], equals: id } } });
    expect(row.data).toMatchObject({ reason: "Use the staging role" });
  });

  it("withdrawn by the requester: the approvers who had approved, not the requester who did it", async () => {
    const id = await file("ria", { refType: "tag", refPattern: `v${ref()}*` }, w.production.id);
    await approve("avery", id);
    await withdrawRequest(as.ria!, id);
    expect(await told("request.withdrawn", id)).toEqual(["avery"]);
  });

  it("withdrawn by an admin: the requester hears about it", async () => {
    const id = await file("ria", { refPattern: ref() });
    await withdrawRequest(as.ada!, id);
    expect(await told("request.withdrawn", id)).toEqual(["ria"]);
  });

  it("revoked: the requester and its approvers, with the reason", async () => {
    const id = await file("ria", { refPattern: ref() });
    await approve("avery", id);
    await revokeMapping(as.ada!, { mappingId: id, reason: "Project archived" });
    expect(await told("mapping.revoked", id)).toEqual(["avery", "ria"]);
    const row = await db.notification.findFirstOrThrow({ where: { event: "mapping.revoked", data: { path: ["mappingId"], equals: id } } });
    expect(row.data).toMatchObject({ reason: "Project archived" });
  });

  it("expired: the requester and its approvers, from the system, once", async () => {
    const expiresAt = new Date(Date.now() + 2 * DAY);
    const id = await file("ria", { refPattern: ref(), expiresAt });
    await approve("avery", id);
    const later = new Date(expiresAt.getTime() + 1000);
    expect((await expireDueMappings(later)).expired).toContain(id);
    expect(await expireDueMappings(later)).toEqual({ expired: [] });
    expect(await told("mapping.expired", id)).toEqual(["avery", "ria"]);
    const row = await db.notification.findFirstOrThrow({ where: { event: "mapping.expired", data: { path: ["mappingId"], equals: id } } });
    expect(row).toMatchObject({ actorId: null, actorLabel: "system" });
    expect(row.data).toMatchObject({ expiresAt: expiresAt.toISOString() });
  });

  it("expires in 7 days: announced once per approved mapping, when it enters the last 7 days, to the requester and its approvers", async () => {
    const now = new Date();
    const soon = await file("ria", { refPattern: ref(), expiresAt: new Date(now.getTime() + 5 * DAY) });
    const later = await file("ria", { refPattern: ref(), expiresAt: new Date(now.getTime() + 30 * DAY) });
    const pending = await file("ria", { refPattern: ref(), expiresAt: new Date(now.getTime() + 3 * DAY) });
    await approve("avery", soon);
    await approve("blake", later);

    expect((await announceExpiringMappings(now)).announced).toEqual([soon]);
    expect(await announceExpiringMappings(now)).toEqual({ announced: [] });
    expect(await told("mapping.expiring", soon)).toEqual(["avery", "ria"]);
    expect(await told("mapping.expiring", later)).toEqual([]);
    expect(await told("mapping.expiring", pending)).toEqual([]); // a request nobody approved is not a mapping that ends

    const in24Days = new Date(now.getTime() + 24 * DAY);
    expect((await announceExpiringMappings(in24Days)).announced).toEqual([later]);
    expect(await told("mapping.expiring", later)).toEqual(["blake", "ria"]);
    expect(await told("mapping.expiring", soon)).toEqual(["avery", "ria"]); // still once
    // Being announced is not a change to the mapping.
    const row = await db.mapping.findUniqueOrThrow({ where: { id: later } });
    expect(row.expiryWarnedAt?.toISOString()).toBe(in24Days.toISOString());
    expect(row.updatedAt.getTime()).toBeLessThan(in24Days.getTime());
  });

  it("the mappings-expire job expires what is due and announces what expires within 7 days, and is scheduled every few minutes", async () => {
    const due = await file("ria", { refPattern: ref(), expiresAt: new Date(Date.now() + 2000) });
    const soon = await file("ria", { refPattern: ref(), expiresAt: new Date(Date.now() + 6 * DAY) });
    await approve("avery", due);
    await approve("avery", soon);
    await new Promise((r) => setTimeout(r, 2100));
    const lines: string[] = [];
    await mappingsExpireJob.run({}, { jobId: "test", retryCount: 0, log: (l) => void lines.push(l) });
    expect(await db.mapping.findUniqueOrThrow({ where: { id: due } })).toMatchObject({ status: "expired" });
    expect(await told("mapping.expired", due)).toEqual(["avery", "ria"]);
    expect(await told("mapping.expiring", soon)).toEqual(["avery", "ria"]);
    expect(lines.join("\n")).toMatch(/1 expired, 1 announced/);
    expect(await mappingsExpireJob.schedule!()).toBe("*/5 * * * *");
  });
});

describe("a notification never costs the change it reports", () => {
  it("with the notification store refusing every row, filing, approving and expiring still commit, audited, without notifications", async () => {
    const repair = await breakNotificationStore(ownerUrl);
    try {
      const before = await db.notification.count();
      const expiresAt = new Date(Date.now() + 2 * DAY);
      const id = await file("ria", { refPattern: ref(), expiresAt });
      expect(await approve("avery", id)).toMatchObject({ status: "approved" });
      expect((await expireDueMappings(new Date(expiresAt.getTime() + 1000))).expired).toContain(id);
      expect(await db.mapping.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "expired" });
      expect(await db.auditEvent.count({ where: { resourceId: id, action: { in: ["mapping.requested", "mapping.approved", "mapping.expired"] } } })).toBe(3);
      expect(await db.notification.count()).toBe(before);
      for (const kind of ["request.filed", "request.approved", "mapping.expired"]) {
        expect(errorLines.some((l) => l.includes(`notifications for ${kind} not enqueued (event `))).toBe(true);
      }
    } finally {
      await repair();
    }
  });
});
