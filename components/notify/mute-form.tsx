"use client";
import { useState } from "react";
import { setMutedEventsAction } from "@/lib/actions/notify/set-muted-events";
import { EVENT_KINDS } from "@/lib/notify/events";
import { useActionForm } from "@/components/ui/use-action-form";
import { EventCheckboxes, eventsFrom } from "./event-checkboxes";

/** Checked = "email me about this"; saving stores the unchecked kinds as the user's mutes. */
export function MuteForm({ muted }: { muted: string[] }) {
  const { pending, error, run } = useActionForm();
  const [saved, setSaved] = useState(false);
  function onSave(form: HTMLFormElement) {
    const wanted = new Set(eventsFrom(form, "wanted"));
    setSaved(false);
    run(() => setMutedEventsAction({ muted: EVENT_KINDS.filter((k) => !wanted.has(k)) }), () => setSaved(true));
  }
  return (
    <form onSubmit={(e) => { e.preventDefault(); onSave(e.currentTarget); }} className="space-y-4" aria-label="Email notifications">
      <EventCheckboxes name="wanted" idPrefix="mute" checked={EVENT_KINDS.filter((k) => !muted.includes(k))} showAudience />
      <div className="flex items-center gap-3">
        <button disabled={pending} className="rounded bg-blue-700 px-4 py-2 font-medium text-white hover:bg-blue-800 disabled:opacity-50">{pending ? "Saving…" : "Save"}</button>
        {saved ? <span role="status" className="text-green-800">Saved.</span> : null}
        {error ? <span role="alert" className="text-red-700">{error}</span> : null}
      </div>
    </form>
  );
}
