"use client";
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { updateInventorySettingsAction } from "@/lib/actions/inventory/update-inventory-settings";
import type { TInventoryConfig } from "@/lib/schemas/inventory";
import { FieldError } from "@/components/field-error";

const input = "mt-1 w-full rounded border border-slate-300 px-2 py-1 font-mono text-sm";
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
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [message, setMessage] = useState<string | null>(null);

  // onSubmit, not a form action: a refused submit keeps what the admin typed.
  function submit(form: HTMLFormElement) {
    const fd = new FormData(form);
    startTransition(async () => {
      const res = await updateInventorySettingsAction({
        groups: lines(fd.get("groups")),
        accessKeyIdPatterns: lines(fd.get("accessKeyIdPatterns")),
        secretKeyPatterns: lines(fd.get("secretKeyPatterns")),
        roleArnPatterns: lines(fd.get("roleArnPatterns")),
      });
      setErrors(res.ok ? {} : byField(res.fieldErrors ?? {}));
      setMessage(res.ok ? "Saved. The next scan uses these settings." : res.fieldErrors ? null : res.error);
      if (res.ok) router.refresh();
    });
  }

  return (
    <form onSubmit={(e) => { e.preventDefault(); submit(e.currentTarget); }} aria-label="Inventory settings" className="grid gap-3 rounded border border-slate-200 bg-white p-4 md:grid-cols-2">
      {FIELDS.map((f) => (
        <div key={f.name}>
          <label htmlFor={`inv-${f.name}`} className="block text-sm font-medium">{f.label}</label>
          <textarea id={`inv-${f.name}`} name={f.name} rows={3} defaultValue={config[f.name].join("\n")} aria-invalid={Boolean(errors[f.name])} aria-describedby={`inv-${f.name}-error`} className={input} />
          <FieldError id={`inv-${f.name}-error`} messages={errors[f.name]} />
        </div>
      ))}
      <p className="text-xs text-slate-600 md:col-span-2">Patterns match variable keys case-insensitively; * matches any run of characters (e.g. *_AWS_ACCESS_KEY_ID). Values are never read, except an access key id&apos;s.</p>
      <div className="flex items-center gap-3 md:col-span-2">
        <button disabled={pending} className="rounded bg-blue-700 px-4 py-2 font-medium text-white hover:bg-blue-800 disabled:opacity-50">{pending ? "Saving…" : "Save settings"}</button>
        {message ? <span role="status">{message}</span> : null}
      </div>
    </form>
  );
}
