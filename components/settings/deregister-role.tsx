"use client";
import { useState } from "react";
import { deregisterIamRoleAction } from "@/lib/actions/settings/deregister-iam-role";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { FormMessage, Notice } from "@/components/ui/notice";
import { useActionForm } from "@/components/ui/use-action-form";

/**
 * "Deregister…" for one role: says what deregistering does before asking for a reason and a
 * confirmation, or why it is refused now (live mappings, trustmap's statement still in IAM).
 */
export function DeregisterRole({ role, refusal }: { role: { id: string; name: string; liveMappings: number }; refusal: string | null }) {
  const { pending, fieldErrors, error, run } = useActionForm({ refresh: true });
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const id = `deregister-${role.id}`;

  if (!open) {
    return <Button variant="danger-outline" size="xs" onClick={() => setOpen(true)} aria-label={`Deregister ${role.name}…`}>Deregister…</Button>;
  }
  return (
    <div role="group" aria-label={`Deregister ${role.name}`} className="max-w-md space-y-2 text-sm">
      <p>
        trustmap stops managing <strong>{role.name}</strong>: it is no longer planned or applied, offered to requesters, or shown in Access and the
        Simulator. <strong>IAM is left exactly as it is.</strong> Its mappings&apos; history stays; registering or importing the role again resumes.
      </p>
      {refusal ? (
        <>
          <Notice tone="warning" role="note">Not now: {refusal}</Notice>
          <Button variant="secondary" size="xs" onClick={() => setOpen(false)}>Close</Button>
        </>
      ) : (
        <form
          className="flex flex-wrap items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            run(() => deregisterIamRoleAction({ roleId: role.id, reason }));
          }}
        >
          <Field id={`${id}-reason`} label="Reason (audited)" errors={fieldErrors.reason} className="w-full">
            {(w) => <Input value={reason} onChange={(e) => setReason(e.target.value)} {...w} />}
          </Field>
          <Button type="submit" variant="danger" size="xs" disabled={pending}>{pending ? "Deregistering…" : `Deregister ${role.name}`}</Button>
          <Button variant="secondary" size="xs" onClick={() => setOpen(false)} disabled={pending}>Cancel</Button>
          <FormMessage error={error} />
        </form>
      )}
    </div>
  );
}
