"use client";
import Link from "next/link";
import { useState } from "react";
import { createWebhookAction } from "@/lib/actions/notify/create-webhook";
import { deleteWebhookAction } from "@/lib/actions/notify/delete-webhook";
import { setEnvWebhookEventsAction } from "@/lib/actions/notify/set-env-webhook-events";
import { updateWebhookAction } from "@/lib/actions/notify/update-webhook";
import { EVENTS, isEventKind, type EventKind } from "@/lib/notify/events";
import type { EnvWebhookView, NotificationSettingsView, WebhookView } from "@/lib/notify/views";
import { FieldError } from "@/components/ui/field";
import { useActionForm } from "@/components/ui/use-action-form";
import { EventCheckboxes, eventsFrom } from "./event-checkboxes";

const kinds = (form: HTMLFormElement) => eventsFrom(form, "events").filter(isEventKind);
const labels = (events: readonly string[]) => (events.length === 0 ? "no events" : events.map((e) => (isEventKind(e) ? EVENTS[e].label : e)).join(", "));
const button = "rounded border border-slate-300 px-2 py-1 hover:bg-slate-100 disabled:opacity-50";

/** How notifications leave this instance, and where each setting comes from. */
function Delivery({ s }: { s: NotificationSettingsView }) {
  return (
    <dl className="mb-4 grid grid-cols-[12rem_1fr] gap-x-4 gap-y-1 rounded border border-slate-200 bg-white p-4 text-sm">
      <dt className="font-medium">Email</dt>
      <dd>
        {s.email.mode === "smtp" ? <>over <span className="font-mono">{s.email.server}</span> from <span className="font-mono">{s.email.from}</span> (SMTP_URL, SMTP_FROM)</> : null}
        {s.email.mode === "outbox" ? <>demo mode: kept in the <Link href="/notifications/outbox" className="text-blue-800 underline">outbox</Link>, not sent (set SMTP_URL and SMTP_FROM to send for real)</> : null}
        {s.email.mode === "off" ? <>off: set SMTP_URL and SMTP_FROM to email people</> : null}
        <span className="block text-xs text-slate-500">Users&apos; addresses come from their GitLab sign-in; each user mutes event kinds on their account page.</span>
      </dd>
      <dt className="font-medium">Webhook signature</dt>
      <dd>{s.webhookSecretSet ? "generic webhooks are signed (X-Trustmap-Signature, key TRUSTMAP_WEBHOOK_SECRET, not shown)" : <span className="text-amber-800">TRUSTMAP_WEBHOOK_SECRET is not set: generic webhooks go out unsigned</span>}</dd>
      <dt className="font-medium">Private targets</dt>
      <dd>{s.allowPrivateWebhooks ? <span className="text-amber-800">allowed (TRUSTMAP_ALLOW_PRIVATE_WEBHOOKS=1)</span> : "refused: webhooks may only reach public addresses"}</dd>
      <dt className="font-medium">Links point at</dt>
      <dd className="font-mono">{s.linkBase}</dd>
    </dl>
  );
}

function EnvWebhookRow({ hook, manage }: { hook: EnvWebhookView; manage: boolean }) {
  const { pending, error, run } = useActionForm();
  return (
    <tr className="border-b align-top">
      <td className="p-2 font-mono">{hook.variable}</td>
      <td className="p-2">{hook.set ? <span className="font-mono">{hook.url}</span> : <span className="text-slate-500">not set</span>}</td>
      <td className="p-2">
        {hook.events === null ? "every event (default)" : labels(hook.events)}
        {hook.set && manage ? (
          <details className="mt-1">
            <summary className="cursor-pointer text-blue-800">Choose events</summary>
            <form onSubmit={(e) => { e.preventDefault(); const form = e.currentTarget; run(() => setEnvWebhookEventsAction({ variable: hook.variable, events: kinds(form) })); }} className="mt-2 space-y-2">
              <EventCheckboxes name="events" idPrefix={`env-${hook.variable}`} checked={hook.events ?? Object.keys(EVENTS)} />
              <div className="flex gap-2">
                <button disabled={pending} className={button}>Save events</button>
                <button type="button" disabled={pending || hook.events === null} className={button} onClick={() => run(() => setEnvWebhookEventsAction({ variable: hook.variable, events: null }))}>Every event</button>
              </div>
              {error ? <p role="alert" className="text-red-700">{error}</p> : null}
            </form>
          </details>
        ) : null}
      </td>
    </tr>
  );
}

function SavedWebhookRow({ hook, manage }: { hook: WebhookView; manage: boolean }) {
  const { pending, error, run } = useActionForm();
  const update = (events: EventKind[], enabled: boolean) => run(() => updateWebhookAction({ id: hook.id, events, enabled }));
  const events = hook.events.filter(isEventKind);
  return (
    <tr className="border-b align-top">
      <td className="p-2">{hook.name}<span className="block text-xs text-slate-500">{hook.kind === "slack" ? "Slack-compatible" : "generic JSON"}</span></td>
      <td className="p-2 font-mono">{hook.url}</td>
      <td className="p-2">
        {labels(hook.events)}
        {manage ? <details className="mt-1">
          <summary className="cursor-pointer text-blue-800">Choose events</summary>
          <form onSubmit={(e) => { e.preventDefault(); update(kinds(e.currentTarget), hook.enabled); }} className="mt-2 space-y-2">
            <EventCheckboxes name="events" idPrefix={`hook-${hook.id}`} checked={hook.events} />
            <button disabled={pending} className={button}>Save events</button>
          </form>
        </details> : null}
        {error ? <p role="alert" className="text-red-700">{error}</p> : null}
      </td>
      <td className="p-2 whitespace-nowrap">
        {manage ? <>
          <button disabled={pending} className={button} onClick={() => update(events, !hook.enabled)}>{hook.enabled ? "Pause" : "Resume"}</button>{" "}
          <button disabled={pending} className={`${button} border-red-300 text-red-800`} onClick={() => { if (window.confirm(`Delete webhook ${hook.name}?`)) run(() => deleteWebhookAction({ id: hook.id })); }}>Delete</button>
        </> : null}
        {hook.enabled ? null : <span className="block text-xs text-amber-800">paused</span>}
      </td>
    </tr>
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
  const field = "mt-1 rounded border border-slate-300 px-2 py-1";
  return (
    <form onSubmit={(e) => { e.preventDefault(); onCreate(e.currentTarget); }} className="space-y-3 rounded border border-slate-200 bg-white p-4" aria-label="Add a webhook">
      <h3 className="font-medium">Add a webhook</h3>
      <div className="flex flex-wrap gap-4">
        <div>
          <label htmlFor="wh-name" className="block text-sm font-medium">Name</label>
          <input id="wh-name" name="name" required maxLength={100} aria-invalid={Boolean(fieldErrors.name)} aria-describedby="wh-name-error" className={field} />
          <FieldError id="wh-name-error" messages={fieldErrors.name} />
        </div>
        <div>
          <label htmlFor="wh-kind" className="block text-sm font-medium">Kind</label>
          <select id="wh-kind" name="kind" className={field} defaultValue="slack">
            <option value="slack">Slack-compatible ({"{ \"text\" }"})</option>
            <option value="generic">generic JSON, signed</option>
          </select>
        </div>
        <div className="min-w-80 flex-1">
          <label htmlFor="wh-url" className="block text-sm font-medium">URL</label>
          <input id="wh-url" name="url" type="url" required maxLength={2000} aria-invalid={Boolean(fieldErrors.url)} aria-describedby="wh-url-error" className={`${field} w-full font-mono`} />
          <FieldError id="wh-url-error" messages={fieldErrors.url} />
        </div>
      </div>
      <EventCheckboxes name="events" idPrefix="wh-new" checked={[]} showAudience />
      <FieldError id="wh-events-error" messages={fieldErrors.events ?? Object.entries(fieldErrors).filter(([k]) => k.startsWith("events.")).flatMap(([, v]) => v)} />
      <button disabled={pending} className="rounded bg-blue-700 px-4 py-2 font-medium text-white hover:bg-blue-800 disabled:opacity-50">{pending ? "Checking…" : "Add webhook"}</button>
      {created ? <p role="status" className="text-green-800">Webhook {created} added.</p> : null}
      {error ? <p role="alert" className="text-red-700">{error}</p> : null}
    </form>
  );
}

/** The notifications part of Settings (admin): how messages leave, the webhooks and their events. */
export function NotificationSettings({ settings, manage }: { settings: NotificationSettingsView; manage: boolean }) {
  return (
    <div className="space-y-4">
      <Delivery s={settings} />
      <p className="text-sm text-slate-600">
        Webhooks named by the environment always receive events; their URL is the environment&apos;s and cannot be changed here, while
        the events they receive can be narrowed here (every event by default). Webhooks added here receive only the events you choose.
        A URL that points at a loopback, private or link-local address is refused when saved and again when sent. Redirects are not followed.
      </p>
      <table className="w-full border-collapse bg-white text-sm">
        <caption className="mb-1 text-left font-medium">From the environment</caption>
        <thead><tr className="border-b text-left"><th className="p-2">Variable</th><th className="p-2">URL</th><th className="p-2">Events</th></tr></thead>
        <tbody>{settings.envWebhooks.map((h) => <EnvWebhookRow key={h.variable} hook={h} manage={manage} />)}</tbody>
      </table>
      <table className="w-full border-collapse bg-white text-sm">
        <caption className="mb-1 text-left font-medium">Added in Settings</caption>
        <thead><tr className="border-b text-left"><th className="p-2">Name</th><th className="p-2">URL</th><th className="p-2">Events</th><th className="p-2"><span className="sr-only">Actions</span></th></tr></thead>
        <tbody>
          {settings.webhooks.length === 0 ? <tr><td colSpan={4} className="p-2 text-slate-600">None yet.</td></tr> : settings.webhooks.map((h) => <SavedWebhookRow key={h.id} hook={h} manage={manage} />)}
        </tbody>
      </table>
      {manage ? <NewWebhookForm /> : null}
    </div>
  );
}
