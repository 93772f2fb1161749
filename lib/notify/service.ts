/**
 * Notifications: the one place that stores, enqueues and delivers them, and edits their settings.
 *
 * A service reports an event with `notifyInTx(tx, event)` inside the transaction of the change it
 * reports: one notification row per (recipient or webhook) × channel and one `notify-deliver`
 * job each are written in that transaction (an outbox: they exist if and only if the change
 * committed). Delivery happens later on the job queue (lib/notify/jobs.ts → deliverNotification),
 * at least once, with the catalog's retries and backoff; receivers de-duplicate by the
 * notification id. An action never waits for a notification and never fails because of one.
 *
 * Reporting an event from a workflow service is one call after its change, in its transaction:
 *   await notifyInTx(tx, { kind: "request.rejected", actor: actorOf(actor), data: { ...mappingFactsOf(mapping), reason } });
 */
import "server-only";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { appendAuditEvent } from "@/lib/audit/service";
import { config, type Config } from "@/lib/config";
import { getDb } from "@/lib/db/client";
import type { DbOrTx, Tx } from "@/lib/db/prisma";
import { AppError, badInput, newEventId, notFound } from "@/lib/errors";
import { JOBS } from "@/lib/jobs/catalog";
import { enqueueInTx } from "@/lib/jobs/queue";
import type { CurrentUser } from "@/lib/users/current-user";
import type { TCreateWebhookInput, TDeleteWebhookInput, TNotificationFilters, TSetEnvWebhookEventsInput, TSetMutedEventsInput, TUpdateWebhookInput } from "@/lib/schemas/notify";
import { EVENTS, isEventKind, type EventKind, type NotifyEvent } from "./events";
import { candidatesOf, recipientsOf } from "./recipients";
import { messageIdOf, renderEmail, renderGeneric, renderSlack, type NotificationMessage } from "./render";
import { afterAttempt, displayUrl, emailRoute, ENV_WEBHOOK_VARIABLES, ENV_WEBHOOKS, redact, urlSecrets, webhookTargets, type AttemptOutcome, type EnvWebhookVariable } from "./routing";
import { sendEmail, smtpOptions } from "./smtp";
import { oneLine } from "./text";
import type { MuteSettingsView, NotificationSettingsView, NotificationView, OutboxItemView, WebhookView } from "./views";
import { checkWebhookUrl, postWebhook } from "./webhook-http";

/** Where links in messages point: AUTH_URL, else this instance on localhost. */
function linkBase(cfg: Config): string {
  return (cfg.auth.url ?? `http://localhost:${cfg.port}`).replace(/\/+$/, "");
}

const emailRouteOf = (cfg: Config) => emailRoute({ smtpConfigured: cfg.notify.smtp !== undefined, demo: cfg.demo });

// Settings row: which events each environment webhook receives (absent = every event).
const ENV_EVENTS_KEY = "notify.envWebhookEvents";
const ZEnvEvents = z.partialRecord(z.enum(ENV_WEBHOOK_VARIABLES as [EnvWebhookVariable, ...EnvWebhookVariable[]]), z.array(z.string()));

async function readEnvWebhookEvents(db: DbOrTx): Promise<Partial<Record<EnvWebhookVariable, string[]>>> {
  const row = await db.setting.findUnique({ where: { key: ENV_EVENTS_KEY } });
  const parsed = ZEnvEvents.safeParse(row?.value ?? {});
  return parsed.success ? parsed.data : {};
}

const looksLikeEmail = (s: string | null): s is string => s !== null && z.email().safeParse(s).success;

// Reporting events

export interface NotifyOptions {
  /** First retry delay in seconds instead of the catalog's (tests; urgent re-sends). */
  retryDelay?: number;
}

/**
 * Record and enqueue the notifications `event` calls for, in the caller's transaction. Returns
 * their ids. Never throws for a notification problem: the work runs under a savepoint, and when
 * it fails (say the job queue is not installed) it is rolled back to that savepoint, logged with
 * an event id, and the caller's change commits without notifications.
 */
export async function notifyInTx(tx: Tx, event: NotifyEvent, options: NotifyOptions = {}): Promise<string[]> {
  await tx.$executeRawUnsafe("savepoint trustmap_notify");
  try {
    const ids = await recordAndEnqueue(tx, event, options);
    await tx.$executeRawUnsafe("release savepoint trustmap_notify");
    return ids;
  } catch (e) {
    await tx.$executeRawUnsafe("rollback to savepoint trustmap_notify");
    console.error(`[trustmap] notifications for ${event.kind} not enqueued (event ${newEventId()}): ${oneLine(e instanceof AppError ? e.userMessage : e instanceof Error ? e.message : String(e), 300)}`);
    return [];
  }
}

async function recordAndEnqueue(tx: Tx, event: NotifyEvent, options: NotifyOptions): Promise<string[]> {
  const cfg = config();
  const { ids, roles } = candidatesOf(event);
  const users = await tx.user.findMany({
    where: { OR: [{ id: { in: ids } }, { role: { in: roles } }] },
    select: { id: true, role: true, email: true },
    orderBy: { username: "asc" },
  });
  const muted = await tx.notificationMute.findMany({ where: { event: event.kind, userId: { in: users.map((u) => u.id) } }, select: { userId: true } });
  const mutes = new Map(muted.map((m) => [m.userId, new Set<EventKind>([event.kind])]));

  const targets: { channel: "email" | "slack" | "webhook"; userId?: string; webhookId?: string; envVariable?: string; target: string }[] = [];
  if (emailRouteOf(cfg) !== null) {
    for (const person of recipientsOf(event, users, mutes)) {
      if (looksLikeEmail(person.email)) targets.push({ channel: "email", userId: person.id, target: person.email });
    }
  }
  const saved = await tx.notificationWebhook.findMany({ where: { enabled: true, events: { has: event.kind } }, select: { id: true, name: true, kind: true, events: true, enabled: true } });
  const envSet = { TRUSTMAP_WEBHOOK_URL: cfg.notify.webhookUrl !== undefined, TRUSTMAP_SLACK_WEBHOOK_URL: cfg.notify.slackWebhookUrl !== undefined };
  for (const t of webhookTargets(event.kind, saved, envSet, await readEnvWebhookEvents(tx))) {
    targets.push({ channel: t.channel, target: t.target, ...(t.webhookId ? { webhookId: t.webhookId } : {}), ...(t.envVariable ? { envVariable: t.envVariable } : {}) });
  }
  if (targets.length === 0) return [];

  const common = { event: event.kind, at: event.at ?? new Date(), actorId: event.actor.id, actorLabel: event.actor.label, data: event.data as object };
  const rows = targets.map((t) => ({ id: randomUUID(), ...common, ...t }));
  await tx.notification.createMany({ data: rows });
  for (const row of rows) await enqueueInTx(tx, "notify-deliver", { notificationId: row.id }, options);
  return rows.map((r) => r.id);
}

// Delivering one notification (the notify-deliver job)

function messageOf(n: { id: string; event: string; at: Date; actorId: string | null; actorLabel: string; data: unknown }): NotificationMessage | null {
  if (!isEventKind(n.event)) return null;
  return { id: n.id, kind: n.event, at: n.at, actor: { id: n.actorId, label: n.actorLabel }, data: n.data } as NotificationMessage;
}

/** Everything that must never reach an attempt's answer, a log line or a page. */
function secretsOf(cfg: Config, webhookUrl: string | null | undefined): string[] {
  const smtp = cfg.notify.smtp ? smtpOptions(cfg.notify.smtp.url) : undefined;
  return [
    cfg.notify.webhookSecret,
    ...(smtp?.auth && "pass" in smtp.auth && smtp.auth.pass ? [smtp.auth.pass] : []),
    ...urlSecrets(cfg.notify.smtp?.url),
    ...urlSecrets(cfg.notify.webhookUrl),
    ...urlSecrets(cfg.notify.slackWebhookUrl),
    ...urlSecrets(webhookUrl),
  ].filter((s): s is string => Boolean(s));
}

type StoredNotification = NonNullable<Awaited<ReturnType<typeof loadForDelivery>>>;

function loadForDelivery(id: string) {
  return getDb().notification.findUnique({ where: { id }, include: { webhook: { select: { url: true, enabled: true } } } });
}

async function attempt(n: StoredNotification, cfg: Config): Promise<AttemptOutcome> {
  const message = messageOf(n);
  if (!message) return { outcome: "skipped", answer: `unknown event kind ${n.event}` };
  const base = linkBase(cfg);
  if (n.channel === "email") {
    const route = emailRouteOf(cfg);
    if (route === null) return { outcome: "skipped", answer: "email is off: SMTP_URL is not set" };
    if (route === "outbox") return { outcome: "sent", via: "outbox", answer: "kept in the demo outbox (SMTP_URL is not set)" };
    return sendEmail(cfg.notify.smtp!, { to: n.target, ...renderEmail(message, base, n.userId ?? undefined), messageId: messageIdOf(n.id, base) });
  }
  let url: string | undefined;
  if (n.envVariable) {
    url = n.envVariable === "TRUSTMAP_SLACK_WEBHOOK_URL" ? cfg.notify.slackWebhookUrl : cfg.notify.webhookUrl;
    if (!url) return { outcome: "skipped", answer: `${n.envVariable} is no longer set` };
  } else {
    if (!n.webhook) return { outcome: "skipped", answer: "the webhook was deleted" };
    if (!n.webhook.enabled) return { outcome: "skipped", answer: "the webhook is disabled" };
    url = n.webhook.url;
  }
  const body = JSON.stringify(n.channel === "slack" ? renderSlack(message, base) : renderGeneric(message, base));
  return postWebhook(
    { url, body, secret: n.channel === "webhook" ? cfg.notify.webhookSecret : undefined, headers: { "x-trustmap-event": n.event, "x-trustmap-delivery": n.id } },
    cfg.notify.allowPrivateWebhooks,
  );
}

/**
 * Send one notification once and record the attempt. Throws when it failed and may pass later,
 * so the job queue retries it with backoff; a sent, skipped or permanently failed one returns.
 */
export async function deliverNotification(id: string, context: { retryCount: number; log(line: string): void }): Promise<void> {
  const n = await loadForDelivery(id);
  if (!n || n.status === "sent" || n.status === "skipped" || n.status === "failed") return;
  const cfg = config();
  const started = Date.now();
  const result = await attempt(n, cfg);
  const answer = oneLine(redact(result.answer, secretsOf(cfg, n.webhook?.url)), 500);
  const { status, retry } = afterAttempt(result, context.retryCount, JOBS["notify-deliver"].retryLimit);
  const number = n.attemptCount + 1;
  const via = result.outcome === "skipped" ? null : result.via;
  await getDb().$transaction([
    getDb().notificationAttempt.create({ data: { notificationId: n.id, attempt: number, outcome: result.outcome, via, answer, durationMs: Date.now() - started } }),
    getDb().notification.update({ where: { id: n.id }, data: { status, attemptCount: number, ...(result.outcome === "sent" ? { via, sentAt: new Date() } : {}) } }),
  ]);
  if (result.outcome !== "sent") context.log(`[trustmap] notification ${n.id} (${n.event}, ${n.channel} to ${n.target}) attempt ${number} ${result.outcome}${retry ? ", will retry" : ""}: ${answer}`);
  if (retry) throw new Error(`notification ${n.id} not delivered: ${answer}`);
}

// Settings (admin)

function webhookView(w: { id: string; name: string; kind: "slack" | "generic"; url: string; events: string[]; enabled: boolean }): WebhookView {
  return { id: w.id, name: w.name, kind: w.kind, url: displayUrl(w.url), events: w.events.filter(isEventKind), enabled: w.enabled };
}

export async function getNotificationSettings(): Promise<NotificationSettingsView> {
  const cfg = config();
  const db = getDb();
  const [webhooks, envEvents] = await Promise.all([db.notificationWebhook.findMany({ orderBy: { name: "asc" } }), readEnvWebhookEvents(db)]);
  const smtp = cfg.notify.smtp ? smtpOptions(cfg.notify.smtp.url) : undefined;
  const route = emailRouteOf(cfg);
  return {
    email: { mode: route ?? "off", server: smtp ? `${cfg.notify.smtp!.url.startsWith("smtps:") ? "smtps" : "smtp"}://${smtp.host}:${smtp.port}` : null, from: cfg.notify.smtp?.from ?? null },
    webhookSecretSet: cfg.notify.webhookSecret !== undefined,
    allowPrivateWebhooks: cfg.notify.allowPrivateWebhooks,
    linkBase: linkBase(cfg),
    demo: cfg.demo,
    webhooks: webhooks.map(webhookView),
    envWebhooks: ENV_WEBHOOK_VARIABLES.map((variable) => {
      const url = variable === "TRUSTMAP_SLACK_WEBHOOK_URL" ? cfg.notify.slackWebhookUrl : cfg.notify.webhookUrl;
      return { variable, kind: ENV_WEBHOOKS[variable].channel === "slack" ? "slack" : "generic", set: url !== undefined, url: url ? displayUrl(url) : null, events: envEvents[variable]?.filter(isEventKind) ?? null };
    }),
  };
}

/** Refuse a webhook URL that points somewhere private (after DNS), as a field error. */
async function assertPublicWebhook(url: string): Promise<void> {
  const verdict = await checkWebhookUrl(url, config().notify.allowPrivateWebhooks);
  if (!verdict.allowed) throw badInput("This webhook URL is refused.", { fieldErrors: { url: [`Refused: ${verdict.reason}.`] } });
}

const auditWebhook = (tx: Tx, actor: CurrentUser, webhookId: string, data: Record<string, unknown>) =>
  appendAuditEvent(tx, { actorId: actor.id, actorLabel: actor.username, action: "settings.changed", resourceType: "notification_webhook", resourceId: webhookId, data });

export async function createWebhook(actor: CurrentUser, input: TCreateWebhookInput): Promise<WebhookView> {
  await assertPublicWebhook(input.url);
  return getDb().$transaction(async (tx) => {
    if (await tx.notificationWebhook.findUnique({ where: { name: input.name }, select: { id: true } })) {
      throw badInput("A webhook with this name exists.", { fieldErrors: { name: ["A webhook with this name exists."] } });
    }
    const created = await tx.notificationWebhook.create({ data: input });
    // The URL's path is left out: a Slack incoming-webhook URL is itself a credential.
    await auditWebhook(tx, actor, created.id, { change: "notification_webhook.created", name: created.name, kind: created.kind, url: displayUrl(created.url), events: created.events });
    return webhookView(created);
  });
}

export async function updateWebhook(actor: CurrentUser, input: TUpdateWebhookInput): Promise<WebhookView> {
  return getDb().$transaction(async (tx) => {
    const before = await tx.notificationWebhook.findUnique({ where: { id: input.id } });
    if (!before) throw notFound("No such webhook.");
    const after = await tx.notificationWebhook.update({ where: { id: input.id }, data: { events: input.events, enabled: input.enabled } });
    await auditWebhook(tx, actor, after.id, { change: "notification_webhook.updated", name: after.name, from: { events: before.events, enabled: before.enabled }, to: { events: after.events, enabled: after.enabled } });
    return webhookView(after);
  });
}

export async function deleteWebhook(actor: CurrentUser, input: TDeleteWebhookInput): Promise<void> {
  await getDb().$transaction(async (tx) => {
    const existing = await tx.notificationWebhook.findUnique({ where: { id: input.id } });
    if (!existing) throw notFound("No such webhook.");
    await tx.notificationWebhook.delete({ where: { id: input.id } });
    await auditWebhook(tx, actor, existing.id, { change: "notification_webhook.deleted", name: existing.name, kind: existing.kind, url: displayUrl(existing.url) });
  });
}

export async function setEnvWebhookEvents(actor: CurrentUser, input: TSetEnvWebhookEventsInput): Promise<void> {
  await getDb().$transaction(async (tx) => {
    await tx.$executeRaw`select 1 from settings where key = ${ENV_EVENTS_KEY} for update`;
    const current = await readEnvWebhookEvents(tx);
    const next = { ...current };
    if (input.events === null) delete next[input.variable];
    else next[input.variable] = input.events;
    await tx.setting.upsert({ where: { key: ENV_EVENTS_KEY }, create: { key: ENV_EVENTS_KEY, value: next }, update: { value: next } });
    await appendAuditEvent(tx, {
      actorId: actor.id,
      actorLabel: actor.username,
      action: "settings.changed",
      resourceType: "setting",
      resourceId: ENV_EVENTS_KEY,
      data: { change: "notification_env_webhook.events", variable: input.variable, from: current[input.variable] ?? "all", to: input.events ?? "all" },
    });
  });
}

// Users' mutes (account page)

export async function getMuteSettings(user: CurrentUser): Promise<MuteSettingsView> {
  const db = getDb();
  const [row, mutes] = await Promise.all([
    db.user.findUnique({ where: { id: user.id }, select: { email: true } }),
    db.notificationMute.findMany({ where: { userId: user.id }, select: { event: true }, orderBy: { event: "asc" } }),
  ]);
  return { email: row?.email ?? null, emailMode: emailRouteOf(config()) ?? "off", muted: mutes.map((m) => m.event).filter(isEventKind) };
}

/** Replace the user's muted event kinds; audited (an approver muting requests is worth knowing). */
export async function setMutedEvents(actor: CurrentUser, input: TSetMutedEventsInput): Promise<{ muted: EventKind[] }> {
  return getDb().$transaction(async (tx) => {
    const before = (await tx.notificationMute.findMany({ where: { userId: actor.id }, select: { event: true } })).map((m) => m.event).sort();
    const after = [...input.muted].sort();
    if (before.join() === after.join()) return { muted: after };
    await tx.notificationMute.deleteMany({ where: { userId: actor.id } });
    await tx.notificationMute.createMany({ data: after.map((event) => ({ userId: actor.id, event })) });
    await appendAuditEvent(tx, { actorId: actor.id, actorLabel: actor.username, action: "settings.changed", resourceType: "user", resourceId: actor.id, data: { change: "notification_mutes", from: before, to: after } });
    return { muted: after };
  });
}

// Admin pages: notifications with their attempts, and the demo outbox

const PAGE_SIZE = 50;

export async function listNotifications(filters: TNotificationFilters): Promise<{ rows: NotificationView[]; total: number; page: number; pageSize: number }> {
  const db = getDb();
  const where = filters.status ? { status: filters.status } : {};
  const [rows, total] = await Promise.all([
    db.notification.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "asc" }], skip: (filters.page - 1) * PAGE_SIZE, take: PAGE_SIZE, include: { attempts: { orderBy: { at: "asc" } } } }),
    db.notification.count({ where }),
  ]);
  return {
    total,
    page: filters.page,
    pageSize: PAGE_SIZE,
    rows: rows.map((n) => ({
      id: n.id,
      event: n.event,
      eventLabel: isEventKind(n.event) ? EVENTS[n.event].label : n.event,
      channel: n.channel,
      target: n.target,
      status: n.status,
      via: n.via,
      attemptCount: n.attemptCount,
      createdAt: n.createdAt.toISOString(),
      sentAt: n.sentAt?.toISOString() ?? null,
      attempts: n.attempts.map((a) => ({ attempt: a.attempt, outcome: a.outcome, via: a.via, answer: a.answer, durationMs: a.durationMs, at: a.at.toISOString() })),
    })),
  };
}

/** The emails demo mode kept instead of sending, newest first, as they would have been sent. */
export async function listOutbox(take = PAGE_SIZE): Promise<OutboxItemView[]> {
  const base = linkBase(config());
  const rows = await getDb().notification.findMany({ where: { via: "outbox" }, orderBy: [{ sentAt: "desc" }, { id: "asc" }], take });
  return rows.flatMap((n) => {
    const message = messageOf(n);
    if (!message) return [];
    const email = renderEmail(message, base, n.userId ?? undefined);
    return [{ id: n.id, event: n.event, to: n.target, subject: email.subject, text: email.text, sentAt: n.sentAt?.toISOString() ?? null }];
  });
}
