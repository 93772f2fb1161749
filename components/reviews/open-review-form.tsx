"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { openReviewAction } from "@/lib/actions/reviews/open-review";
import { Button } from "@/components/ui/button";
import { Field, FieldError, Input } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/notice";
import { useActionForm } from "@/components/ui/use-action-form";

export interface ScopeChoices {
  roles: { id: string; name: string; arn: string }[];
  accounts: { accountId: string; name: string; sandbox: boolean }[];
}

/** Open an access review: a title, a due date, and optionally the roles or accounts it covers. */
export function OpenReviewForm({ choices, defaultDue }: { choices: ScopeChoices; defaultDue: string }) {
  const router = useRouter();
  const { pending, fieldErrors, error, run } = useActionForm({ refresh: true });
  const [done, setDone] = useState<string | null>(null);

  function submit(form: HTMLFormElement) {
    const fd = new FormData(form);
    setDone(null);
    const title = String(fd.get("title") ?? "").trim();
    run(
      () =>
        openReviewAction({
          ...(title ? { title } : {}),
          dueAt: String(fd.get("dueAt") ?? ""),
          roleIds: fd.getAll("roleIds").map(String),
          accountIds: fd.getAll("accountIds").map(String),
        }),
      (data) => {
        setDone(`Opened with ${data.items} item${data.items === 1 ? "" : "s"}.`);
        router.push(`/reviews/${data.id}`);
      },
    );
  }

  return (
    <form onSubmit={(e) => { e.preventDefault(); submit(e.currentTarget); }} aria-label="Open an access review" className="grid gap-3 rounded border border-slate-200 bg-white p-4 md:grid-cols-2">
      <Field id="review-title" label="Title (optional)" errors={fieldErrors.title}>
        {(w) => <Input name="title" maxLength={200} placeholder="Q4 access review" {...w} />}
      </Field>
      <Field id="review-due" label="Due date (end of day, UTC)" errors={fieldErrors.dueAt}>
        {(w) => <Input name="dueAt" type="date" required defaultValue={defaultDue} fit="content" {...w} />}
      </Field>
      <fieldset className="min-w-0 md:col-span-2">
        <legend className="mb-1 text-sm font-medium">Scope: the active mappings of these roles or accounts (none ticked: every active mapping)</legend>
        <div className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-2">
          {choices.accounts.map((a) => (
            <label key={a.accountId} className="flex items-start gap-2 break-words">
              <input type="checkbox" name="accountIds" value={a.accountId} className="mt-1" />
              <span>account {a.name} ({a.accountId}){a.sandbox ? " · sandbox" : ""}</span>
            </label>
          ))}
          {choices.roles.map((r) => (
            <label key={r.id} className="flex items-start gap-2 break-all">
              <input type="checkbox" name="roleIds" value={r.id} className="mt-1" />
              <span>role {r.name} <span className="font-mono text-xs text-slate-700">{r.arn}</span></span>
            </label>
          ))}
        </div>
        <FieldError id="review-scope-error" messages={Object.entries(fieldErrors).filter(([k]) => k.startsWith("roleIds") || k.startsWith("accountIds")).flatMap(([, m]) => m)} />
      </fieldset>
      <div className="flex flex-wrap items-center gap-3 md:col-span-2">
        <Button type="submit" disabled={pending}>{pending ? "Opening…" : "Open review"}</Button>
        <FormMessage ok={done} error={error} />
      </div>
    </form>
  );
}
