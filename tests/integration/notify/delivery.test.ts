/**
 * Notifications end to end with real parts: notifyInTx in a real transaction, the real job queue
 * and runner (pg-boss on the test database, polling every half second), a real SMTP server
 * (smtp-server, messages parsed with mailparser) and a real HTTP receiver for webhooks.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/lib/db/prisma";
import { stopJobSender } from "@/lib/jobs/queue";
import { startJobRunner, type JobRunner } from "@/lib/jobs/runner";
import type { NotifyEvent } from "@/lib/notify/events";
import { notifyDeliverJob } from "@/lib/notify/jobs";
import { getNotificationSettings, listNotifications, listOutbox, notifyInTx } from "@/lib/notify/service";
import { useFreshDatabase } from "../../support/db";
import { breakNotificationStore } from "./broken-store";
import { startHttpReceiver, startSmtpReceiver, type HttpReceiver, type SmtpReceiver } from "./receivers";

const SECRET = "whsec-0123456789-abcdef-never-shown";
const SMTP_PASS = "smtp-pass-7f3a9c-never-shown";
const AUTH_URL = "https://trustmap.test";

let db: Db;
let url: string;
let ownerUrl: string;
let smtp: SmtpReceiver;
let hooks: HttpReceiver;
let runner: JobRunner;
const logLines: string[] = [];
const errorLines: string[] = [];
const people: Record<string, string> = {};

function setEnv(extra: Record<string, string | undefined> = {}) {
  const base: Record<string, string | undefined> = {
    AUTH_URL,
    SMTP_URL: `smtp://mailer:${SMTP_PASS}@127.0.0.1:${smtp.port}`,
    SMTP_FROM: "trustmap <trustmap@trustmap.test>",
    TRUSTMAP_WEBHOOK_SECRET: SECRET,
    TRUSTMAP_ALLOW_PRIVATE_WEBHOOKS: "1",
    TRUSTMAP_WEBHOOK_URL: undefined,
    TRUSTMAP_SLACK_WEBHOOK_URL: undefined,
    TRUSTMAP_DEMO: undefined,
    ...extra,
  };
  for (const [k, v] of Object.entries(base)) vi.stubEnv(k, v ?? "");
}

async function until<T>(probe: () => Promise<T> | T, ok: (v: T) => boolean, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (ok(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The one webhook notification among an event's notifications (the others are emails). */
async function webhookNotificationOf(ids: string[]): Promise<string> {
  const rows = await db.notification.findMany({ where: { id: { in: ids }, channel: { not: "email" } } });
  expect(rows).toHaveLength(1);
  return rows[0]!.id;
}

const notification = (id: string) => db.notification.findUniqueOrThrow({ where: { id }, include: { attempts: { orderBy: { attempt: "asc" } } } });

function mappingFacts(overrides: Record<string, unknown> = {}) {
  return {
    mappingId: "3f2c1b0a-9e8d-4c7b-a6f5-e4d3c2b1a098",
    scope: "project" as const,
    gitlabPath: "acme/web",
    refType: "branch" as const,
    ref: "main",
    environment: null,
    roleArn: "arn:aws:iam::111122223333:role/deploy-staging",
    roleName: "deploy-staging",
    requesterId: people.ria!,
    requesterLabel: "ria",
    riskTier: "normal",
    requiredApprovals: 1,
    approverIds: [] as string[],
    ...overrides,
  };
}

const filed = (): NotifyEvent => ({ kind: "request.filed", actor: { id: people.ria!, label: "ria" }, data: { ...mappingFacts(), justification: "Staging deploys from main", expiresAt: null } });
const drift = (summary = "1 role differs"): NotifyEvent => ({ kind: "reconcile.drift_found", actor: { id: null, label: "schedule" }, data: { runId: "7d0e4c1a-0000-4000-8000-000000000001", trigger: "schedule", summary, findings: ["deploy-staging: managed statement changed outside trustmap"] } });

/** Report an event in a transaction that also changes something, as a service would. */
async function report(event: NotifyEvent, change = `change-${Math.random()}`): Promise<string[]> {
  return db.$transaction(async (tx) => {
    await tx.setting.create({ data: { key: change, value: true } });
    return notifyInTx(tx, event, { retryDelay: 1 });
  });
}

beforeAll(async () => {
  const fresh = await useFreshDatabase();
  ({ db, url } = fresh);
  ownerUrl = fresh.urlAs("owner");
  smtp = await startSmtpReceiver({ user: "mailer", pass: SMTP_PASS });
  hooks = await startHttpReceiver();
  setEnv();
  for (const [username, role, email] of [
    ["ria", "requester", "ria@example.com"],
    ["avery", "approver", "avery@example.com"],
    ["blake", "approver", "blake@example.com"],
    ["ada", "admin", null],
    ["audra", "auditor", "audra@example.com"],
  ] as const) {
    people[username] = (await db.user.create({ data: { username, name: username, role, email } })).id;
  }
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void errorLines.push(args.map(String).join(" ")));
  runner = await startJobRunner({ databaseUrl: url, pollingIntervalSeconds: 0.5, definitions: [notifyDeliverJob], log: (line) => void logLines.push(line) });
});

afterEach(() => setEnv());

afterAll(async () => {
  await runner?.stop();
  await stopJobSender();
  await smtp?.stop();
  await hooks?.stop();
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  await db?.$disconnect();
});

describe("notifications by email", () => {
  it("a filed request reaches each approver over SMTP with subject, link and the notification id as Message-ID; never the requester", async () => {
    const ids = await report(filed());
    expect(ids).toHaveLength(2); // avery and blake; ada has no email, ria filed it, audra does not approve
    await until(() => smtp.mails.length, (n) => n >= 2);
    const mails = smtp.mails.filter((m) => ids.some((id) => m.parsed.messageId === `<${id}@trustmap.test>`));
    expect(mails.map((m) => m.envelopeTo[0]).sort()).toEqual(["avery@example.com", "blake@example.com"]);
    for (const mail of mails) {
      expect(mail.authUser).toBe("mailer");
      expect(mail.parsed.subject).toBe("[trustmap] Request: project acme/web · branch main → deploy-staging");
      expect(mail.parsed.from?.value[0]).toMatchObject({ name: "trustmap", address: "trustmap@trustmap.test" });
      expect(mail.parsed.text).toContain("https://trustmap.test/mappings/3f2c1b0a-9e8d-4c7b-a6f5-e4d3c2b1a098");
      expect(mail.parsed.html).toContain('href="https://trustmap.test/mappings/3f2c1b0a-9e8d-4c7b-a6f5-e4d3c2b1a098"');
    }
    for (const id of ids) {
      const n = await until(() => notification(id), (r) => r.status === "sent");
      expect(n).toMatchObject({ status: "sent", via: "smtp", channel: "email", attemptCount: 1 });
      expect(n.attempts).toEqual([expect.objectContaining({ attempt: 1, outcome: "sent", via: "smtp", answer: expect.stringMatching(/^250 /) })]);
    }
  });

  it("a user who muted an event kind gets no email of that kind, and still gets the others", async () => {
    await db.notificationMute.create({ data: { userId: people.blake!, event: "request.filed" } });
    const filedIds = await report(filed());
    const driftIds = await report(drift());
    const targets = async (ids: string[]) => (await db.notification.findMany({ where: { id: { in: ids } } })).map((n) => n.target).sort();
    expect(await targets(filedIds)).toEqual(["avery@example.com"]);
    expect(await targets(driftIds)).toEqual(["avery@example.com", "blake@example.com"]);
    await db.notificationMute.deleteMany({});
  });

  it("a notification enqueued while SMTP is down is delivered when it comes back; the enqueueing transaction committed regardless", async () => {
    await smtp.stop();
    const ids = await report({ kind: "request.approved", actor: { id: people.avery!, label: "avery" }, data: { ...mappingFacts({ approverIds: [people.avery!] }), expiresAt: null } }, "committed-while-smtp-down");
    expect(await db.setting.findUnique({ where: { key: "committed-while-smtp-down" } })).not.toBeNull();
    expect(ids).toHaveLength(1);
    const failed = await until(() => notification(ids[0]!), (n) => n.attempts.length >= 1);
    expect(failed.status).toBe("retrying");
    expect(failed.attempts[0]).toMatchObject({ outcome: "failed", via: "smtp", answer: expect.stringMatching(/ECONNECTION|ECONNREFUSED/) });
    await smtp.restart();
    const sent = await until(() => notification(ids[0]!), (n) => n.status === "sent");
    expect(sent.status).toBe("sent");
    expect(sent.attempts.at(-1)).toMatchObject({ outcome: "sent", via: "smtp" });
    expect(sent.attempts.slice(0, -1).every((a) => a.outcome === "failed")).toBe(true);
    const mail = await until(() => smtp.mails.find((m) => m.parsed.messageId === `<${ids[0]}@trustmap.test>`), Boolean);
    expect(mail?.envelopeTo).toEqual(["ria@example.com"]);
    expect(mail?.parsed.subject).toBe("[trustmap] Approved: project acme/web · branch main → deploy-staging");
  });

  it("a rolled-back change leaves no notification and no job", async () => {
    const count = await db.notification.count();
    await db
      .$transaction(async (tx) => {
        await notifyInTx(tx, filed());
        throw new Error("the change failed");
      })
      .catch(() => {});
    expect(await db.notification.count()).toBe(count);
    const jobs = await db.$queryRawUnsafe<{ n: bigint }[]>("select count(*) as n from pgboss.job where name = 'notify-deliver'");
    expect(Number(jobs[0]!.n)).toBe(await db.notification.count());
  });

  it("a notification that cannot be stored does not fail the change it reports", async () => {
    const repair = await breakNotificationStore(ownerUrl);
    try {
      const ids = await report(filed(), "committed-despite-broken-notifications");
      expect(ids).toEqual([]);
      expect(await db.setting.findUnique({ where: { key: "committed-despite-broken-notifications" } })).not.toBeNull();
      expect(errorLines.some((l) => /notifications for request\.filed not enqueued \(event [0-9a-f]{8}\)/.test(l))).toBe(true);
    } finally {
      await repair();
    }
  });
});

describe("notifications by webhook", () => {
  const verify = (body: string, signature: string | string[] | undefined) => {
    const expected = Buffer.from(`sha256=${createHmac("sha256", SECRET).update(body).digest("hex")}`);
    const given = Buffer.from(String(signature));
    return expected.length === given.length && timingSafeEqual(expected, given);
  };

  it("the generic webhook gets { event, id, at, data } signed over the raw body; the Slack webhook gets { text }", async () => {
    setEnv({ TRUSTMAP_WEBHOOK_URL: `${hooks.url}/generic`, TRUSTMAP_SLACK_WEBHOOK_URL: `${hooks.url}/slack` });
    await db.notificationWebhook.create({ data: { name: "siem", kind: "generic", url: `${hooks.url}/siem`, events: ["reconcile.drift_found"] } });
    const ids = await report(drift("drift for webhooks"));
    const rows = await db.notification.findMany({ where: { id: { in: ids }, channel: { not: "email" } } });
    expect(rows.map((r) => [r.channel, r.target]).sort()).toEqual([
      ["slack", "Slack webhook (environment)"],
      ["webhook", "generic webhook (environment)"],
      ["webhook", "siem"],
    ]);
    await until(() => rows.every((r) => hooks.requests.some((q) => q.headers["x-trustmap-delivery"] === r.id)), Boolean);
    for (const path of ["/generic", "/siem"]) {
      const req = hooks.requests.find((q) => q.path === path)!;
      expect(verify(req.body, req.headers["x-trustmap-signature"])).toBe(true);
      const body = JSON.parse(req.body) as Record<string, unknown>;
      expect(Object.keys(body)).toEqual(["event", "id", "at", "data"]);
      expect(body).toMatchObject({ event: "reconcile.drift_found", id: req.headers["x-trustmap-delivery"], data: { summary: "drift for webhooks", link: "https://trustmap.test/reconcile/runs/7d0e4c1a-0000-4000-8000-000000000001" } });
      expect(ids).toContain(body.id);
      // A tampered body does not verify.
      expect(verify(req.body.replace("drift for webhooks", "nothing to see"), req.headers["x-trustmap-signature"])).toBe(false);
    }
    const slack = hooks.requests.find((q) => q.path === "/slack")!;
    expect(slack.headers["x-trustmap-signature"]).toBeUndefined();
    const slackBody = JSON.parse(slack.body) as { text: string };
    expect(Object.keys(slackBody)).toEqual(["text"]);
    expect(slackBody.text).toContain("*Drift found: drift for webhooks*");
    expect(slackBody.text).toContain("<https://trustmap.test/reconcile/runs/7d0e4c1a-0000-4000-8000-000000000001|Open the drift run>");
    await db.notificationWebhook.deleteMany({});
  });

  it("a receiver that answers 500 twice then 200 gets the event exactly once more after the failures: 3 requests, same id", async () => {
    setEnv({ TRUSTMAP_WEBHOOK_URL: `${hooks.url}/flaky` });
    hooks.answer("/flaky", { status: 500, body: "boom: database locked" }, { status: 500, body: "boom again" }, { status: 200, body: "ok" });
    const id = await webhookNotificationOf(await report(drift("flaky receiver")));
    const n = await until(() => notification(id), (r) => r.status === "sent");
    const received = hooks.requests.filter((q) => q.path === "/flaky");
    expect(received).toHaveLength(3);
    expect(new Set(received.map((q) => (JSON.parse(q.body) as { id: string }).id))).toEqual(new Set([id]));
    expect(new Set(received.map((q) => q.body)).size).toBe(1); // byte-identical retries
    expect(n.attempts.map((a) => [a.attempt, a.outcome, a.answer])).toEqual([
      [1, "failed", "HTTP 500: boom: database locked"],
      [2, "failed", "HTTP 500: boom again"],
      [3, "sent", "HTTP 200: ok"],
    ]);
    expect(n).toMatchObject({ status: "sent", via: "http", attemptCount: 3 });
    // No fourth request arrives later.
    await new Promise((r) => setTimeout(r, 1500));
    expect(hooks.requests.filter((q) => q.path === "/flaky")).toHaveLength(3);
  });

  it("a redirect is not followed: one request, a failed attempt naming it, no retry", async () => {
    setEnv({ TRUSTMAP_WEBHOOK_URL: `${hooks.url}/moved` });
    hooks.answer("/moved", { status: 302, headers: { location: "http://169.254.169.254/latest/meta-data/" } });
    const id = await webhookNotificationOf(await report(drift("redirect")));
    const n = await until(() => notification(id), (r) => r.status === "failed");
    expect(n.attempts).toEqual([expect.objectContaining({ outcome: "failed", answer: expect.stringMatching(/^HTTP 302.*redirects are not followed/) })]);
    expect(hooks.requests.filter((q) => q.path === "/moved")).toHaveLength(1);
  });

  it("without TRUSTMAP_ALLOW_PRIVATE_WEBHOOKS a loopback webhook is refused when sent, by IP or by a name that resolves to it", async () => {
    setEnv({ TRUSTMAP_ALLOW_PRIVATE_WEBHOOKS: undefined });
    const byIp = await db.notificationWebhook.create({ data: { name: "loopback-ip", kind: "generic", url: `${hooks.url}/private-ip`, events: ["reconcile.drift_found"] } });
    const byName = await db.notificationWebhook.create({ data: { name: "loopback-name", kind: "slack", url: `http://localhost:${hooks.port}/private-name`, events: ["reconcile.drift_found"] } });
    const ids = await report(drift("private targets"));
    const rows = await db.notification.findMany({ where: { id: { in: ids }, webhookId: { in: [byIp.id, byName.id] } } });
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      const n = await until(() => notification(row.id), (r) => r.status === "failed");
      expect(n.attempts).toHaveLength(1);
      expect(n.attempts[0]!.answer).toMatch(row.webhookId === byIp.id ? /^refused: 127\.0\.0\.1 is loopback/ : /^refused: localhost resolves to (127\.0\.0\.1|::1), which is loopback/);
    }
    expect(hooks.requests.filter((q) => q.path.startsWith("/private"))).toHaveLength(0);
    await db.notificationWebhook.deleteMany({});
  });
});

describe("demo mode", () => {
  it("without SMTP, emails go to the built-in outbox instead of the network", async () => {
    setEnv({ TRUSTMAP_DEMO: "1", SMTP_URL: undefined, SMTP_FROM: undefined });
    const ids = await report(filed());
    expect(ids).toHaveLength(2);
    for (const id of ids) expect(await until(() => notification(id), (n) => n.status === "sent")).toMatchObject({ via: "outbox" });
    const outbox = await listOutbox();
    const mine = outbox.filter((o) => ids.includes(o.id));
    expect(mine.map((o) => o.to).sort()).toEqual(["avery@example.com", "blake@example.com"]);
    expect(mine[0]!.subject).toBe("[trustmap] Request: project acme/web · branch main → deploy-staging");
    expect(mine[0]!.text).toContain("https://trustmap.test/mappings/");
    expect(smtp.mails.filter((m) => ids.some((id) => m.parsed.messageId === `<${id}@trustmap.test>`))).toEqual([]);
  });

  it("SMTP given explicitly wins over the outbox", async () => {
    setEnv({ TRUSTMAP_DEMO: "1" });
    const ids = await report(filed());
    for (const id of ids) expect(await until(() => notification(id), (n) => n.status === "sent")).toMatchObject({ via: "smtp" });
  });

  it("without SMTP and outside demo mode no email notification is created", async () => {
    setEnv({ SMTP_URL: undefined, SMTP_FROM: undefined });
    expect(await report(filed())).toEqual([]);
  });
});

describe("secrets", () => {
  it("never appear in an attempt's answer, a log line or what the pages show, even when a receiver echoes them", async () => {
    setEnv({ TRUSTMAP_WEBHOOK_URL: `${hooks.url}/echo/${SECRET}`, TRUSTMAP_SLACK_WEBHOOK_URL: `${hooks.url}/services/T000/B000/slack-path-credential` });
    hooks.answer(`/echo/${SECRET}`, { status: 400, body: `bad signature, expected key ${SECRET} at /echo/${SECRET}` });
    hooks.answer("/services/T000/B000/slack-path-credential", { status: 404, body: "no_service at /services/T000/B000/slack-path-credential" });
    const ids = await report(drift("echoing receivers"));
    const rows = await db.notification.findMany({ where: { id: { in: ids }, channel: { not: "email" } } });
    for (const row of rows) await until(() => notification(row.id), (n) => n.status === "failed");

    // SMTP answers too: a server that echoes the password back when refusing it.
    const echoing = await startSmtpReceiver({ user: "mailer", pass: SMTP_PASS, authRejection: `535 authentication failed for mailer:${SMTP_PASS}` });
    try {
      setEnv({ SMTP_URL: `smtp://mailer:${SMTP_PASS}@127.0.0.1:${echoing.port}` });
      const [id] = await report({ kind: "request.rejected", actor: { id: people.avery!, label: "avery" }, data: { ...mappingFacts(), reason: "no" } });
      await until(() => notification(id!), (n) => n.attempts.length >= 1);
    } finally {
      await echoing.stop();
    }

    const attempts = await db.notificationAttempt.findMany();
    const pages = JSON.stringify([await listNotifications({ page: 1 }), await getNotificationSettings(), await listOutbox()]);
    const everything = [...attempts.map((a) => a.answer), ...logLines, ...errorLines, pages].join("\n");
    expect(everything).toContain("[redacted]");
    for (const secret of [SECRET, SMTP_PASS, "slack-path-credential"]) expect(everything).not.toContain(secret);
    expect(attempts.some((a) => a.answer.startsWith("HTTP 400: bad signature, expected key [redacted]"))).toBe(true);
  });
});
