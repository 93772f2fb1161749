/**
 * Where notifications go, as pure decisions: which channel carries a user's email (SMTP, the demo
 * outbox, or nothing), which webhooks receive an event, and what each delivery attempt leaves
 * behind (status, whether to retry).
 *
 * Precedence (shown in Settings): SMTP is set by environment only (SMTP_URL, SMTP_FROM). Webhooks
 * come from two places and all of them receive what they are routed: the ones saved in Settings,
 * and the two named by environment (TRUSTMAP_WEBHOOK_URL, TRUSTMAP_SLACK_WEBHOOK_URL), whose URL
 * the environment decides (Settings cannot change it) and whose events Settings may narrow
 * (every event by default). In demo mode, email without SMTP goes to the built-in outbox instead
 * of the network; SMTP or webhooks given explicitly always win and really send.
 */
import type { EventKind } from "./events";

export type EmailRoute = "smtp" | "outbox";

export function emailRoute(o: { smtpConfigured: boolean; demo: boolean }): EmailRoute | null {
  if (o.smtpConfigured) return "smtp";
  return o.demo ? "outbox" : null;
}

export const ENV_WEBHOOKS = {
  TRUSTMAP_WEBHOOK_URL: { channel: "webhook", label: "generic webhook (environment)" },
  TRUSTMAP_SLACK_WEBHOOK_URL: { channel: "slack", label: "Slack webhook (environment)" },
} as const;
export type EnvWebhookVariable = keyof typeof ENV_WEBHOOKS;
export const ENV_WEBHOOK_VARIABLES = Object.keys(ENV_WEBHOOKS) as EnvWebhookVariable[];

export interface SavedWebhook {
  id: string;
  name: string;
  kind: "slack" | "generic";
  events: readonly string[];
  enabled: boolean;
}

export interface WebhookTarget {
  channel: "slack" | "webhook";
  webhookId: string | null;
  envVariable: EnvWebhookVariable | null;
  /** For people: the webhook's name; never its URL. */
  target: string;
}

/**
 * The webhooks that receive `kind`: saved ones that are enabled and routed it, and each
 * environment webhook that is set and not narrowed away from it (`envEvents[v]` undefined = all).
 */
export function webhookTargets(
  kind: EventKind,
  saved: readonly SavedWebhook[],
  envSet: Readonly<Record<EnvWebhookVariable, boolean>>,
  envEvents: Readonly<Partial<Record<EnvWebhookVariable, readonly string[]>>>,
): WebhookTarget[] {
  const targets: WebhookTarget[] = saved
    .filter((w) => w.enabled && w.events.includes(kind))
    .map((w) => ({ channel: w.kind === "slack" ? "slack" : "webhook", webhookId: w.id, envVariable: null, target: w.name }));
  for (const v of ENV_WEBHOOK_VARIABLES) {
    const routed = envEvents[v];
    if (envSet[v] && (routed === undefined || routed.includes(kind))) {
      targets.push({ channel: ENV_WEBHOOKS[v].channel, webhookId: null, envVariable: v, target: ENV_WEBHOOKS[v].label });
    }
  }
  return targets;
}

export type AttemptOutcome =
  | { outcome: "sent"; via: "smtp" | "http" | "outbox"; answer: string }
  /** `permanent`: trying again cannot help (a refused target, a 4xx, an SMTP 5xx). */
  | { outcome: "failed"; via: "smtp" | "http"; answer: string; permanent: boolean }
  | { outcome: "skipped"; answer: string };

/**
 * The notification's status after an attempt, and whether the job should fail so the queue
 * retries it. `retryCount` is the queue's count of earlier attempts (0 on the first).
 */
export function afterAttempt(result: AttemptOutcome, retryCount: number, retryLimit: number): { status: "sent" | "retrying" | "failed" | "skipped"; retry: boolean } {
  if (result.outcome === "sent") return { status: "sent", retry: false };
  if (result.outcome === "skipped") return { status: "skipped", retry: false };
  if (result.permanent || retryCount >= retryLimit) return { status: "failed", retry: false };
  return { status: "retrying", retry: true };
}

/** HTTP answers worth retrying: server errors, timeouts, rate limits. Other 4xx will not change. */
export function isTransientHttpStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 425 || status === 429;
}

/** Replace every occurrence of each secret (≥ 4 characters) in `text`. Plain substring search, no regex. */
export function redact(text: string, secrets: readonly (string | undefined | null)[]): string {
  let out = text;
  const known = secrets.filter((s): s is string => typeof s === "string" && s.length >= 4).sort((a, b) => b.length - a.length);
  for (const s of known) out = out.split(s).join("[redacted]");
  return out;
}

/** A webhook URL as pages show it: scheme, host and port; the path (a credential for Slack) hidden. */
export function displayUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname !== "/" || u.search ? "/…" : "/"}`;
  } catch {
    return "(not a URL)";
  }
}

/** The parts of a URL that can be credentials, for redact(). */
export function urlSecrets(url: string | undefined | null): string[] {
  if (!url) return [];
  try {
    const u = new URL(url);
    const path = `${u.pathname}${u.search}`;
    return [url, ...(path.length > 1 ? [path] : []), ...(u.password ? [u.password, decodeURIComponent(u.password)] : [])];
  } catch {
    return [url];
  }
}
