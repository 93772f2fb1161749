"use client";
import { useState } from "react";
import { setMutedEventsAction } from "@/lib/actions/notify/set-muted-events";
import { EVENT_KINDS } from "@/lib/notify/events";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/notice";
import { useActionForm } from "@/components/ui/use-action-form";
import { EventCheckboxes, eventsFrom } from "./event-checkboxes";

/** Checked = "email me about this"; saving stores the unchecked kinds as the user's mutes. */
export function MuteForm({ muted }: { muted: string[] }) {
  const { pending, error, run } = useActionForm();
  const [saved, setSaved] = useState<string | null>(null);
  function onSave(form: HTMLFormElement) {
    const wanted = new Set(eventsFrom(form, "wanted"));
    setSaved(null);
    run(() => setMutedEventsAction({ muted: EVENT_KINDS.filter((k) => !wanted.has(k)) }), () => setSaved("Saved."));
  }
  return (
    <form onSubmit={(e) => { e.preventDefault(); onSave(e.currentTarget); }} className="space-y-4" aria-label="Email notifications">
      <EventCheckboxes name="wanted" idPrefix="mute" checked={EVENT_KINDS.filter((k) => !muted.includes(k))} showAudience />
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={pending}>{pending ? "Saving…" : "Save"}</Button>
        <FormMessage ok={saved} error={error} />
      </div>
    </form>
  );
}
