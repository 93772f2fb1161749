"use client";
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { revokeMappingAction } from "@/lib/actions/approvals/revoke-mapping";
import { FieldError } from "@/components/field-error";

export function RevokeForm({ mappingId }: { mappingId: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [reason, setReason] = useState("");
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [message, setMessage] = useState<string | null>(null);

  return (
    <form
      aria-label="Revoke mapping"
      className="flex flex-wrap items-start gap-2 rounded border border-red-200 bg-red-50 p-3 text-sm"
      onSubmit={(e) => {
        e.preventDefault();
        startTransition(async () => {
          const res = await revokeMappingAction({ mappingId, reason });
          setErrors(res.ok ? {} : (res.fieldErrors ?? {}));
          setMessage(res.ok ? "Revoked. The next reconcile removes it from IAM." : res.fieldErrors ? null : res.error);
          if (res.ok) router.refresh();
        });
      }}
    >
      <div>
        <label htmlFor="revoke-reason" className="block font-medium">Reason for revoking</label>
        <input id="revoke-reason" value={reason} onChange={(e) => setReason(e.target.value)} className="mt-1 w-96 rounded border border-slate-300 bg-white px-2 py-1" aria-invalid={Boolean(errors.reason)} aria-describedby="revoke-reason-error" />
        <FieldError id="revoke-reason-error" messages={errors.reason} />
      </div>
      <button disabled={pending} className="mt-6 rounded bg-red-700 px-3 py-1 font-medium text-white hover:bg-red-800 disabled:opacity-50">{pending ? "Revoking…" : "Revoke"}</button>
      {message ? <span role="status" className="mt-7">{message}</span> : null}
    </form>
  );
}
