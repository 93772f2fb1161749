"use client";
import { useState } from "react";
import { revokeMappingAction } from "@/lib/actions/approvals/revoke-mapping";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/notice";
import { useActionForm } from "@/components/ui/use-action-form";

export function RevokeForm({ mappingId }: { mappingId: string }) {
  const { pending, fieldErrors, error, run } = useActionForm({ refresh: true });
  const [reason, setReason] = useState("");
  const [done, setDone] = useState<string | null>(null);

  return (
    <form
      id="revoke"
      aria-label="Revoke mapping"
      className="flex flex-wrap items-end gap-3 rounded border border-red-200 bg-red-50 p-3 text-sm"
      onSubmit={(e) => {
        e.preventDefault();
        setDone(null);
        run(() => revokeMappingAction({ mappingId, reason }), () => setDone("Revoked. The next reconcile removes it from IAM."));
      }}
    >
      <Field id="revoke-reason" label="Reason for revoking" errors={fieldErrors.reason} className="w-full sm:w-96">
        {(w) => <Input value={reason} onChange={(e) => setReason(e.target.value)} {...w} />}
      </Field>
      <Button type="submit" variant="danger" size="sm" disabled={pending}>{pending ? "Revoking…" : "Revoke"}</Button>
      <FormMessage ok={done} error={error} className="py-1.5" />
    </form>
  );
}
