"use client";
import { useState } from "react";
import { updateUsageSettingsAction } from "@/lib/actions/usage/update-usage-settings";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/notice";
import { useActionForm } from "@/components/ui/use-action-form";

export interface UsageSettingsFormProps {
  unusedDays: number;
  /** Real AWS accounts (the sandbox has no CloudTrail) with their trail bucket, "" for none. */
  accounts: { accountId: string; name: string; trail: string }[];
}

/** Settings → Usage evidence: when a mapping is flagged "revoke?", and each account's trail bucket. */
export function UsageSettingsForm({ unusedDays, accounts }: UsageSettingsFormProps) {
  const { pending, fieldErrors, error, run } = useActionForm({ refresh: true });
  const [done, setDone] = useState<string | null>(null);

  function submit(form: HTMLFormElement) {
    const fd = new FormData(form);
    setDone(null);
    const accountTrails = Object.fromEntries(accounts.map((a) => [a.accountId, String(fd.get(`trail-${a.accountId}`) ?? "")]));
    run(() => updateUsageSettingsAction({ unusedDays: Number(fd.get("unusedDays")), accountTrails }), () => setDone("Saved."));
  }

  return (
    <form onSubmit={(e) => { e.preventDefault(); submit(e.currentTarget); }} aria-label="Usage evidence settings" className="grid gap-3 rounded border border-slate-200 bg-white p-4 md:grid-cols-2">
      <Field id="usage-unusedDays" label="Flag a mapping “revoke?” after this many days unused (1–90)" errors={fieldErrors.unusedDays} className="md:col-span-2">
        {(w) => <Input name="unusedDays" type="number" min={1} max={90} required defaultValue={unusedDays} fit="content" {...w} />}
      </Field>
      {accounts.map((a) => (
        <Field key={a.accountId} id={`usage-trail-${a.accountId}`} label={`Trail bucket of ${a.name} (${a.accountId})`} errors={fieldErrors[`accountTrails.${a.accountId}`]}>
          {(w) => <Input name={`trail-${a.accountId}`} defaultValue={a.trail} placeholder="s3://bucket/prefix" className="font-mono text-sm" {...w} />}
        </Field>
      ))}
      <p className="text-xs text-slate-700 md:col-span-2">
        {accounts.length === 0
          ? "No real AWS account is registered: the sandbox has no CloudTrail, so there is no trail bucket to set."
          : "A trail bucket holds the account's CloudTrail log files (AWSLogs/…/CloudTrail/<region>/…). Accounts without one, and not under TRUSTMAP_CLOUDTRAIL_S3, are read with CloudTrail LookupEvents."}
      </p>
      <div className="flex flex-wrap items-center gap-3 md:col-span-2">
        <Button type="submit" disabled={pending}>{pending ? "Saving…" : "Save usage settings"}</Button>
        <FormMessage ok={done} error={error} />
      </div>
    </form>
  );
}
