import { z } from "zod";
import { EVENT_KINDS, type EventKind } from "@/lib/notify/events";
import { ENV_WEBHOOK_VARIABLES, type EnvWebhookVariable } from "@/lib/notify/routing";
import { safeText } from "./common";

export const ZEventKind = z.enum(EVENT_KINDS as [EventKind, ...EventKind[]], { error: "Not a notification event" });
/** A set of event kinds (duplicates dropped). */
const ZEventKinds = z.array(ZEventKind).max(EVENT_KINDS.length * 2).transform((kinds) => [...new Set(kinds)]);

const ZWebhookUrl = z
  .url({ protocol: /^https?$/, error: "Must be an http:// or https:// URL" })
  .max(2000, "At most 2000 characters")
  // zod runs refinements after a failed check too: a string that is no URL was refused above.
  .refine((u) => { const url = URL.parse(u); return !url || (!url.username && !url.password); }, "Must not carry a user name or password");

export const ZCreateWebhookInput = z.object({
  name: safeText().trim().min(1, "Give the webhook a name").max(100, "At most 100 characters"),
  kind: z.enum(["slack", "generic"], { error: "Slack or generic" }),
  url: ZWebhookUrl,
  events: ZEventKinds,
});
export type TCreateWebhookInput = z.infer<typeof ZCreateWebhookInput>;

export const ZUpdateWebhookInput = z.object({
  id: z.uuid("Not a webhook id"),
  events: ZEventKinds,
  enabled: z.boolean(),
});
export type TUpdateWebhookInput = z.infer<typeof ZUpdateWebhookInput>;

export const ZDeleteWebhookInput = z.object({ id: z.uuid("Not a webhook id") });
export type TDeleteWebhookInput = z.infer<typeof ZDeleteWebhookInput>;

export const ZSetEnvWebhookEventsInput = z.object({
  variable: z.enum(ENV_WEBHOOK_VARIABLES as [EnvWebhookVariable, ...EnvWebhookVariable[]]),
  /** null: every event (the default). */
  events: ZEventKinds.nullable(),
});
export type TSetEnvWebhookEventsInput = z.infer<typeof ZSetEnvWebhookEventsInput>;

export const ZSetMutedEventsInput = z.object({ muted: ZEventKinds });
export type TSetMutedEventsInput = z.infer<typeof ZSetMutedEventsInput>;

export const NOTIFICATION_STATUSES = ["pending", "sent", "retrying", "failed", "skipped"] as const;
export const ZNotificationFilters = z.object({
  status: z.enum(NOTIFICATION_STATUSES).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});
export type TNotificationFilters = z.infer<typeof ZNotificationFilters>;
