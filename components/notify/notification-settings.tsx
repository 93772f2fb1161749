"use client";
import { useState } from "react";
import { createWebhookAction } from "@/lib/actions/notify/create-webhook";
import { deleteWebhookAction } from "@/lib/actions/notify/delete-webhook";
import { setEnvWebhookEventsAction } from "@/lib/actions/notify/set-env-webhook-events";
import { updateWebhookAction } from "@/lib/actions/notify/update-webhook";
import { EVENTS, isEventKind, type EventKind } from "@/lib/notify/events";
import type { EnvWebhookView, NotificationSettingsView, WebhookView } from "@/lib/notify/views";
import { Button } from "@/components/ui/button";
import { Field, FieldError, Input, Select } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/notice";
import { EmptyRow, Table, Td, THead, Tr } from "@/components/ui/table";
import { TextLink } from "@/components/ui/text-link";
import { useActionForm } from "@/components/ui/use-action-form";
import { EventCheckboxes, eventsFrom } from "./event-checkboxes";

const kinds = (form: HTMLFormElement) => eventsFrom(form, "events").filter(isEventKind);
const labels = (events: readonly string[]) => (events.length === 0 ? "no events" : events.map((e) => (isEventKind(e) ? EVENTS[e].label : e)).join(", "));

/** How notifications leave this instance, and where each setting comes from. */
function Delivery({ s }: { s: NotificationSettingsView }) {
  return (
    <dl className="mb-4 grid gap-x-4 gap-y-1 rounded border border-slate-200 bg-white p-4 text-sm sm:grid-cols-[12rem_1fr]">
      <dt className="font-medium">Email</dt>
      <dd>
        {s.email.mode === "smtp" ? <>over <span className="font-mono">{s.email.server}</span> from <span className="font-mono">{s.email.from}</span> (SMTP_URL, SMTP_FROM)</> : null}
        {s.email.mode === "outbox" ? <>demo mode: kept in the <TextLink href="/notifications/outbox">outbox</TextLink>, not sent (set SMTP_URL and SMTP_FROM to send for real)</> : null}
        {s.email.mode === "off" ? <>off: set SMTP_URL and SMTP_FROM to email people</> : null}
        <span className="block text-xs text-slate-600">Users&apos; addresses come from their GitLab sign-in; each user mutes event kinds on their account page.</span>
      </dd>
      <dt className="font-medium">Webhook signature</dt>
      <dd>{s.webhookSecretSet ? "generic webhooks are signed (X-Trustmap-Signature, key TRUSTMAP_WEBHOOK_SECRET, not shown)" : <span className="text-amber-800">TRUSTMAP_WEBHOOK_SECRET is not set: generic webhooks go out unsigned</span>}</dd>
      <dt className="font-medium">Private targets</dt>
      <dd>{s.allowPrivateWebhooks ? <span className="text-amber-800">allowed (TRUSTMAP_ALLOW_PRIVATE_WEBHOOKS=1)</span> : "refused: webhooks may only reach public addresses"}</dd>
      <dt className="font-medium">Links point at</dt>
      <dd className="font-mono break-all">{s.linkBase}</dd>
    </dl>
  );
}

function EnvWebhookRow({ hook, manage }: { hook: EnvWebhookView; manage: boolean }) {
  const { pending, error, run } = useActionForm();
  return (
    <Tr>
      <Td className="font-mono">{hook.variable}</Td>
      <Td className="break-all">{hook.set ? <span className="font-mono">{hook.url}</span> : <span className="text-slate-600">not set</span>}</Td>
      <Td>
        {hook.events === null ? "every event (default)" : labels(hook.events)}
        {hook.set && manage ? (
          <details className="mt-1">
            <summary className="cursor-pointer text-blue-800">Choose events</summary>
            <form onSubmit={(e) => { e.preventDefault(); const form = e.currentTarget; run(() => setEnvWebhookEventsAction({ variable: hook.variable, events: kinds(form) })); }} className="mt-2 space-y-2">
              <EventCheckboxes name="events" idPrefix={`env-${hook.variable}`} checked={hook.events ?? Object.keys(EVENTS)} />
              <div className="flex flex-wrap items-center gap-2">
                <Button type="submit" variant="secondary" size="xs" disabled={pending}>Save events</Button>
                <Button variant="secondary" size="xs" disabled={pending || hook.events === null} onClick={() => run(() => setEnvWebhookEventsAction({ variable: hook.variable, events: null }))}>Every event</Button>
                <FormMessage error={error} />
              </div>
            </form>
          </details>
        ) : null}
      </Td>
    </Tr>
  );
}

function SavedWebhookRow({ hook, manage }: { hook: WebhookView; manage: boolean }) {
  const { pending, error, run } = useActionForm();
  const update = (events: EventKind[], enabled: boolean) => run(() => updateWebhookAction({ id: hook.id, events, enabled }));
  const events = hook.events.filter(isEventKind);
  return (
    <Tr>
      <Td>{hook.name}<span className="block text-xs text-slate-600">{hook.kind === "slack" ? "Slack-compatible" : "generic JSON"}</span></Td>
      <Td className="font-mono break-all">{hook.url}</Td>
      <Td>
        {labels(hook.events)}
        {manage ? <details className="mt-1">
          <summary className="cursor-pointer text-blue-800">Choose events</summary>
          <form onSubmit={(e) => { e.preventDefault(); update(kinds(e.currentTarget), hook.enabled); }} className="mt-2 space-y-2">
            <EventCheckboxes name="events" idPrefix={`hook-${hook.id}`} checked={hook.events} />
            <Button type="submit" variant="secondary" size="xs" disabled={pending}>Save events</Button>
          </form>
        </details> : null}
        <FormMessage error={error} className="block" />
      </Td>
      <Td className="whitespace-nowrap">
        {manage ? <>
          <Button variant="secondary" size="xs" disabled={pending} onClick={() => update(events, !hook.enabled)}>{hook.enabled ? "Pause" : "Resume"}<span className="sr-only"> {hook.name}</span></Button>{" "}
          <Button variant="danger-outline" size="xs" disabled={pending} onClick={() => { if (window.confirm(`Delete webhook ${hook.name}?`)) run(() => deleteWebhookAction({ id: hook.id })); }}>Delete<span className="sr-only"> {hook.name}</span></Button>
        </> : null}
        {hook.enabled ? null : <span className="block text-xs text-amber-800">paused</span>}
      </Td>
    </Tr>
  );
}

function NewWebhookForm() {
  const { pending, fieldErrors, error, run } = useActionForm();
  const [created, setCreated] = useState<string | null>(null);
  function onCreate(form: HTMLFormElement) {
    const data = new FormData(form);
    setCreated(null);
    run(
      () => createWebhookAction({ name: String(data.get("name") ?? ""), kind: data.get("kind") === "slack" ? "slack" : "generic", url: String(data.get("url") ?? ""), events: kinds(form) }),
      (hook) => { setCreated(hook.name); form.reset(); },
    );
  }
  return (
    <form onSubmit={(e) => { e.preventDefault(); onCreate(e.currentTarget); }} className="space-y-3 rounded border border-slate-200 bg-white p-4" aria-label="Add a webhook">
      <h3 className="font-medium">Add a webhook</h3>
      <div className="grid gap-3 md:grid-cols-[minmax(0,1fr)_minmax(0,1fr)_minmax(0,2fr)]">
        <Field id="wh-name" label="Name" errors={fieldErrors.name}>
          {(w) => <Input name="name" required maxLength={100} {...w} />}
        </Field>
        <Field id="wh-kind" label="Kind" errors={fieldErrors.kind}>
          {(w) => (
            <Select name="kind" defaultValue="slack" {...w}>
              <option value="slack">Slack-compatible ({"{ \"text\" }"})</option>
              <option value="generic">generic JSON, signed</option>
            </Select>
          )}
        </Field>
        <Field id="wh-url" label="URL" errors={fieldErrors.url}>
          {(w) => <Input name="url" type="url" required maxLength={2000} className="font-mono" {...w} />}
        </Field>
      </div>
      <EventCheckboxes name="events" idPrefix="wh-new" checked={[]} showAudience />
      <FieldError id="wh-events-error" messages={fieldErrors.events ?? Object.entries(fieldErrors).filter(([k]) => k.startsWith("events.")).flatMap(([, v]) => v)} />
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={pending}>{pending ? "Checking…" : "Add webhook"}</Button>
        <FormMessage ok={created ? `Webhook ${created} added.` : null} error={error} />
      </div>
    </form>
  );
}

/** The notifications part of Settings (admin): how messages leave, the webhooks and their events. */
export function NotificationSettings({ settings, manage }: { settings: NotificationSettingsView; manage: boolean }) {
  return (
    <div className="space-y-4">
      <Delivery s={settings} />
      <p className="text-sm text-slate-700">
        Webhooks named by the environment always receive events; their URL is the environment&apos;s and cannot be changed here, while
        the events they receive can be narrowed here (every event by default). Webhooks added here receive only the events you choose.
        A URL that points at a loopback, private or link-local address is refused when saved and again when sent. Redirects are not followed.
      </p>
      <Table label="Webhooks from the environment" caption="From the environment" minWidth="min-w-[40rem]">
        <THead columns={["Variable", "URL", "Events"]} />
        <tbody>{settings.envWebhooks.map((h) => <EnvWebhookRow key={h.variable} hook={h} manage={manage} />)}</tbody>
      </Table>
      <Table label="Webhooks added in Settings" caption="Added in Settings" minWidth="min-w-[40rem]">
        <THead columns={["Name", "URL", "Events", <span key="a" className="sr-only">Actions</span>]} />
        <tbody>
          {settings.webhooks.length === 0 ? <EmptyRow colSpan={4}>None yet.</EmptyRow> : settings.webhooks.map((h) => <SavedWebhookRow key={h.id} hook={h} manage={manage} />)}
        </tbody>
      </Table>
      {manage ? <NewWebhookForm /> : null}
    </div>
  );
}
