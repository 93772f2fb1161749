"use client";
import { useState } from "react";
import { useRouter } from "next/navigation";
import { removeAwsAccountAction } from "@/lib/actions/settings/remove-aws-account";
import { Button } from "@/components/ui/button";
import { FormMessage, Notice } from "@/components/ui/notice";
import { useActionForm } from "@/components/ui/use-action-form";

/** "Remove account…": what removal does and asks to confirm, or why it is refused now. */
export function RemoveAccount({ account, refusal, rolesGoing }: { account: { accountId: string; name: string }; refusal: string | null; rolesGoing: number }) {
  const { pending, error, run } = useActionForm();
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const label = `${account.name} (${account.accountId})`;
  if (refusal) return <Notice tone="warning" role="note">{label} cannot be removed now: {refusal}</Notice>;
  if (!open) return <Button variant="danger-outline" size="sm" onClick={() => setOpen(true)}>Remove account…</Button>;
  return (
    <div role="group" aria-label={`Remove ${label}`} className="max-w-xl space-y-2 text-sm">
      <p>
        trustmap forgets {label}: nothing changes in AWS.
        {rolesGoing > 0 ? ` Its ${rolesGoing} deregistered role${rolesGoing === 1 ? "" : "s"} without mapping history go${rolesGoing === 1 ? "es" : ""} with it.` : ""} The removal is audited.
      </p>
      <div className="flex flex-wrap items-center gap-2">
        <Button variant="danger" size="sm" disabled={pending} onClick={() => run(() => removeAwsAccountAction({ accountId: account.accountId }), () => router.push("/settings"))}>
          {pending ? "Removing…" : `Remove ${account.name}`}
        </Button>
        <Button variant="secondary" size="sm" onClick={() => setOpen(false)} disabled={pending}>Cancel</Button>
        <FormMessage error={error} />
      </div>
    </div>
  );
}
