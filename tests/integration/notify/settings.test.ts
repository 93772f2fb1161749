/**
 * Notification settings through their server actions (admin webhooks and routing, everyone's
 * mutes), each change audited in its transaction; and what the admin pages list.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createWebhookAction } from "@/lib/actions/notify/create-webhook";
import { deleteWebhookAction } from "@/lib/actions/notify/delete-webhook";
import { setEnvWebhookEventsAction } from "@/lib/actions/notify/set-env-webhook-events";
import { setMutedEventsAction } from "@/lib/actions/notify/set-muted-events";
import { updateWebhookAction } from "@/lib/actions/notify/update-webhook";
import type { Db } from "@/lib/db/prisma";
import { stopJobSender } from "@/lib/jobs/queue";
import type { NotifyEvent } from "@/lib/notify/events";
import { deliverNotification, getMuteSettings, getNotificationSettings, listNotifications, notifyInTx } from "@/lib/notify/service";
import { useFreshDatabase } from "../../support/db";
import { signInAs } from "../../support/session";

vi.mock("@/lib/auth/config", async () => (await import("../../support/session")).mockAuthModule());
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

let db: Db;
let admin: { id: string; username: string };
let dev: { id: string; username: string };
const drift: NotifyEvent = { kind: "reconcile.drift_found", actor: { id: null, label: "schedule" }, data: { runId: "r", trigger: "schedule", summary: "s", findings: [] } };

function env(values: Record<string, string | undefined>) {
  for (const [k, v] of Object.entries(values)) vi.stubEnv(k, v ?? "");
}

beforeAll(async () => {
  ({ db } = await useFreshDatabase());
  admin = await db.user.create({ data: { username: "root", name: "Root", role: "admin", email: "root@example.com" } });
  dev = await db.user.create({ data: { username: "dev", name: "Dev", role: "requester", email: "dev@example.com" } });
});
afterEach(() => vi.unstubAllEnvs());
afterAll(async () => {
  await stopJobSender();
  await db.$disconnect();
});

describe("webhooks in Settings", () => {
  it("a private webhook URL is refused when saved unless TRUSTMAP_ALLOW_PRIVATE_WEBHOOKS=1", async () => {
    signInAs(admin.id);
    const input = { name: "local", kind: "generic" as const, url: "http://127.0.0.1:9/hook", events: ["reconcile.drift_found" as const] };
    expect(await createWebhookAction(input)).toMatchObject({ ok: false, code: "BAD_INPUT", fieldErrors: { url: [expect.stringMatching(/^Refused: 127\.0\.0\.1 is loopback/)] } });
    expect(await createWebhookAction({ ...input, url: "http://169.254.169.254/latest" })).toMatchObject({ ok: false, fieldErrors: { url: [expect.stringMatching(/link-local/)] } });
    expect(await db.notificationWebhook.count()).toBe(0);
    env({ TRUSTMAP_ALLOW_PRIVATE_WEBHOOKS: "1" });
    expect(await createWebhookAction(input)).toMatchObject({ ok: true, data: { name: "local", url: "http://127.0.0.1:9/…" } });
  });

  it("is stored with its events and audited without the URL's path (a Slack URL's path is a credential)", async () => {
    signInAs(admin.id);
    env({ TRUSTMAP_ALLOW_PRIVATE_WEBHOOKS: "1" });
    const res = await createWebhookAction({ name: "chat", kind: "slack", url: "http://127.0.0.1:9/services/T0/B0/secret-path", events: ["request.filed", "request.filed", "mapping.revoked"] });
    expect(res).toMatchObject({ ok: true, data: { events: ["request.filed", "mapping.revoked"], enabled: true } });
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: "settings.changed", resourceType: "notification_webhook" }, orderBy: { id: "desc" } });
    expect(event.actorId).toBe(admin.id);
    expect(event.data).toMatchObject({ change: "notification_webhook.created", name: "chat", kind: "slack", url: "http://127.0.0.1:9/…" });
    expect(JSON.stringify(event.data)).not.toContain("secret-path");
    expect(JSON.stringify(await getNotificationSettings())).not.toContain("secret-path");
    expect(await createWebhookAction({ name: "chat", kind: "generic", url: "http://127.0.0.1:9/x", events: [] })).toMatchObject({ ok: false, fieldErrors: { name: [expect.any(String)] } });
    expect(await createWebhookAction({ name: "bad", kind: "generic", url: "http://127.0.0.1:9/x", events: ["no.such_event" as never] })).toMatchObject({ ok: false, code: "BAD_INPUT", fieldErrors: { "events.0": [expect.any(String)] } });
  });

  it("changing its events or pausing it is audited with before and after, and routes accordingly", async () => {
    signInAs(admin.id);
    const hook = await db.notificationWebhook.findUniqueOrThrow({ where: { name: "chat" } });
    expect(await updateWebhookAction({ id: hook.id, events: ["reconcile.drift_found"], enabled: true })).toMatchObject({ ok: true });
    const event = await db.auditEvent.findFirstOrThrow({ where: { resourceId: hook.id }, orderBy: { id: "desc" } });
    expect(event.data).toMatchObject({ change: "notification_webhook.updated", from: { events: ["request.filed", "mapping.revoked"], enabled: true }, to: { events: ["reconcile.drift_found"], enabled: true } });
    const routed = await db.$transaction((tx) => notifyInTx(tx, drift));
    expect((await db.notification.findMany({ where: { id: { in: routed }, webhookId: hook.id } })).length).toBe(1);
    await updateWebhookAction({ id: hook.id, events: ["reconcile.drift_found"], enabled: false });
    const paused = await db.$transaction((tx) => notifyInTx(tx, drift));
    expect((await db.notification.findMany({ where: { id: { in: paused }, webhookId: hook.id } })).length).toBe(0);
  });

  it("a deleted webhook's pending notifications are skipped, not sent, and the deletion is audited", async () => {
    signInAs(admin.id);
    const hook = await db.notificationWebhook.findUniqueOrThrow({ where: { name: "local" } });
    const ids = await db.$transaction((tx) => notifyInTx(tx, drift));
    const pending = await db.notification.findFirstOrThrow({ where: { id: { in: ids }, webhookId: hook.id } });
    expect(await deleteWebhookAction({ id: hook.id })).toMatchObject({ ok: true });
    expect(await db.auditEvent.findFirst({ where: { resourceId: hook.id, data: { path: ["change"], equals: "notification_webhook.deleted" } } })).not.toBeNull();
    await deliverNotification(pending.id, { retryCount: 0, log: () => {} });
    expect(await db.notification.findUniqueOrThrow({ where: { id: pending.id }, include: { attempts: true } })).toMatchObject({ status: "skipped", webhookId: null, attempts: [expect.objectContaining({ outcome: "skipped", answer: "the webhook was deleted" })] });
  });

  it("the environment's webhooks get every event by default; Settings narrows them, and says so", async () => {
    signInAs(admin.id);
    env({ TRUSTMAP_WEBHOOK_URL: "https://siem.example.com/in/abc123", TRUSTMAP_WEBHOOK_SECRET: "0123456789abcdef-secret" });
    const envTargets = async () => {
      const ids = await db.$transaction((tx) => notifyInTx(tx, drift));
      return (await db.notification.findMany({ where: { id: { in: ids }, envVariable: { not: null } } })).map((n) => n.envVariable);
    };
    expect(await envTargets()).toEqual(["TRUSTMAP_WEBHOOK_URL"]);
    expect(await setEnvWebhookEventsAction({ variable: "TRUSTMAP_WEBHOOK_URL", events: ["request.filed"] })).toMatchObject({ ok: true });
    expect(await envTargets()).toEqual([]);
    const settings = await getNotificationSettings();
    expect(settings.envWebhooks).toEqual([
      { variable: "TRUSTMAP_WEBHOOK_URL", kind: "generic", set: true, url: "https://siem.example.com/…", events: ["request.filed"] },
      { variable: "TRUSTMAP_SLACK_WEBHOOK_URL", kind: "slack", set: false, url: null, events: null },
    ]);
    expect(settings.webhookSecretSet).toBe(true);
    expect(JSON.stringify(settings)).not.toMatch(/0123456789abcdef-secret|abc123/);
    expect(await setEnvWebhookEventsAction({ variable: "TRUSTMAP_WEBHOOK_URL", events: null })).toMatchObject({ ok: true });
    expect(await envTargets()).toEqual(["TRUSTMAP_WEBHOOK_URL"]);
    const audit = await db.auditEvent.findMany({ where: { resourceId: "notify.envWebhookEvents" }, orderBy: { id: "asc" } });
    expect(audit.map((a) => a.data)).toEqual([
      expect.objectContaining({ variable: "TRUSTMAP_WEBHOOK_URL", from: "all", to: ["request.filed"] }),
      expect.objectContaining({ variable: "TRUSTMAP_WEBHOOK_URL", from: ["request.filed"], to: "all" }),
    ]);
  });

  it("shows how email leaves: SMTP server without its password, the demo outbox, or off", async () => {
    env({ SMTP_URL: "smtp://mailer:pw-in-url@smtp.example.com:2525", SMTP_FROM: "trustmap <t@example.com>" });
    expect((await getNotificationSettings()).email).toEqual({ mode: "smtp", server: "smtp://smtp.example.com:2525", from: "trustmap <t@example.com>" });
    env({ SMTP_URL: undefined, SMTP_FROM: undefined, TRUSTMAP_DEMO: "1" });
    expect((await getNotificationSettings()).email).toEqual({ mode: "outbox", server: null, from: null });
    env({ TRUSTMAP_DEMO: undefined });
    expect((await getNotificationSettings()).email.mode).toBe("off");
  });
});

describe("mutes on the account page", () => {
  it("anyone mutes event kinds for themselves; the change is audited", async () => {
    signInAs(dev.id);
    expect(await setMutedEventsAction({ muted: ["request.approved", "mapping.expiring", "request.approved"] })).toMatchObject({ ok: true, data: { muted: ["mapping.expiring", "request.approved"] } });
    env({ TRUSTMAP_DEMO: "1" });
    expect(await getMuteSettings({ id: dev.id, username: "dev", name: "Dev", role: "requester", isDemo: false })).toEqual({ email: "dev@example.com", emailMode: "outbox", muted: ["mapping.expiring", "request.approved"] });
    const event = await db.auditEvent.findFirstOrThrow({ where: { resourceType: "user", resourceId: dev.id, action: "settings.changed" } });
    expect(event.data).toMatchObject({ change: "notification_mutes", from: [], to: ["mapping.expiring", "request.approved"] });
    expect(await setMutedEventsAction({ muted: ["nope" as never] })).toMatchObject({ ok: false, code: "BAD_INPUT" });
    expect(await setMutedEventsAction({ muted: [] })).toMatchObject({ ok: true, data: { muted: [] } });
    expect(await db.notificationMute.count({ where: { userId: dev.id } })).toBe(0);
  });
});

describe("the notifications page", () => {
  it("lists notifications newest first with their attempts, filtered by status", async () => {
    const all = await listNotifications({ page: 1 });
    expect(all.total).toBeGreaterThan(0);
    expect(all.rows[0]!.createdAt >= all.rows.at(-1)!.createdAt).toBe(true);
    const skipped = await listNotifications({ page: 1, status: "skipped" });
    expect(skipped.rows.length).toBe(1);
    expect(skipped.rows[0]).toMatchObject({ event: "reconcile.drift_found", eventLabel: "Drift found", channel: "webhook", target: "local", attempts: [expect.objectContaining({ attempt: 1, outcome: "skipped" })] });
  });
});
