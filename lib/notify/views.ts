/**
 * What the notification pages render: plain, serialisable view types (dates as ISO strings), so
 * components import them without touching data code.
 */
import type { EnvWebhookVariable } from "./routing";

export interface AttemptView {
  attempt: number;
  outcome: "sent" | "failed" | "skipped";
  via: string | null;
  answer: string;
  durationMs: number;
  at: string;
}

export interface NotificationView {
  id: string;
  event: string;
  eventLabel: string;
  channel: "email" | "slack" | "webhook";
  target: string;
  status: "pending" | "sent" | "retrying" | "failed" | "skipped";
  via: string | null;
  attemptCount: number;
  createdAt: string;
  sentAt: string | null;
  attempts: AttemptView[];
}

export interface OutboxItemView {
  id: string;
  event: string;
  to: string;
  subject: string;
  text: string;
  sentAt: string | null;
}

export interface WebhookView {
  id: string;
  name: string;
  kind: "slack" | "generic";
  /** Scheme, host and port only: a Slack URL's path is a credential. */
  url: string;
  events: string[];
  enabled: boolean;
}

export interface EnvWebhookView {
  variable: EnvWebhookVariable;
  kind: "slack" | "generic";
  /** Set in the environment (the URL is not editable here). */
  set: boolean;
  url: string | null;
  /** Events routed to it; null = every event (the default). */
  events: string[] | null;
}

export interface NotificationSettingsView {
  email: { mode: "smtp" | "outbox" | "off"; server: string | null; from: string | null };
  /** Whether TRUSTMAP_WEBHOOK_SECRET is set (its value is never shown). */
  webhookSecretSet: boolean;
  allowPrivateWebhooks: boolean;
  /** Where links in messages point (AUTH_URL). */
  linkBase: string;
  demo: boolean;
  webhooks: WebhookView[];
  envWebhooks: EnvWebhookView[];
}

export interface MuteSettingsView {
  email: string | null;
  emailMode: "smtp" | "outbox" | "off";
  muted: string[];
}
