"use client";
import { useState } from "react";
import { updateInventorySettingsAction } from "@/lib/actions/inventory/update-inventory-settings";
import type { TInventoryConfig } from "@/lib/schemas/inventory";
import { Button } from "@/components/ui/button";
import { Field, Textarea } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/notice";
import { useActionForm } from "@/components/ui/use-action-form";

const FIELDS = [
  { name: "groups", label: "Top-level GitLab groups to scan (one per line)" },
  { name: "accessKeyIdPatterns", label: "Access key id variable keys" },
  { name: "secretKeyPatterns", label: "Secret access key variable keys" },
  { name: "roleArnPatterns", label: "Role ARN variable keys" },
] as const;

const lines = (v: FormDataEntryValue | null) => String(v ?? "").split(/[\s,]+/).map((s) => s.trim()).filter(Boolean);

/** Field errors arrive per array item ("groups.1"); show them on the field. */
function byField(fieldErrors: Record<string, string[]>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [path, messages] of Object.entries(fieldErrors)) {
    const [field, index] = path.split(".");
    (out[field ?? "_"] ??= []).push(...messages.map((m) => (index === undefined ? m : `Line ${Number(index) + 1}: ${m}`)));
  }
  return out;
}

export function InventorySettingsForm({ config }: { config: TInventoryConfig }) {
  const { pending, fieldErrors, error, run } = useActionForm({ refresh: true });
  const [done, setDone] = useState<string | null>(null);
  const errors = byField(fieldErrors);

  // onSubmit, not a form action: a refused submit keeps what the admin typed.
  function submit(form: HTMLFormElement) {
    const fd = new FormData(form);
    setDone(null);
    run(
      () =>
        updateInventorySettingsAction({
          groups: lines(fd.get("groups")),
          accessKeyIdPatterns: lines(fd.get("accessKeyIdPatterns")),
          secretKeyPatterns: lines(fd.get("secretKeyPatterns")),
          roleArnPatterns: lines(fd.get("roleArnPatterns")),
        }),
      () => setDone("Saved. The next scan uses these settings."),
    );
  }

  return (
    <form onSubmit={(e) => { e.preventDefault(); submit(e.currentTarget); }} aria-label="Inventory settings" className="grid gap-3 rounded border border-slate-200 bg-white p-4 md:grid-cols-2">
      {FIELDS.map((f) => (
        <Field key={f.name} id={`inv-${f.name}`} label={f.label} errors={errors[f.name]}>
          {(w) => <Textarea name={f.name} rows={3} defaultValue={config[f.name].join("\n")} className="font-mono text-sm" {...w} />}
        </Field>
      ))}
      <p className="text-xs text-slate-700 md:col-span-2">Patterns match variable keys case-insensitively; * matches any run of characters (e.g. *_AWS_ACCESS_KEY_ID). Values are never read, except an access key id&apos;s.</p>
      <div className="flex flex-wrap items-center gap-3 md:col-span-2">
        <Button type="submit" disabled={pending}>{pending ? "Saving…" : "Save settings"}</Button>
        <FormMessage ok={done} error={error} />
      </div>
    </form>
  );
}
