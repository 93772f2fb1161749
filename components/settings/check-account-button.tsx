"use client";
import { useState } from "react";
import { checkAwsAccountAction } from "@/lib/actions/settings/check-aws-account";
import { useActionForm } from "@/components/use-action-form";

/** Asks STS whose credentials trustmap holds for one account and says so next to the button. */
export function CheckAccountButton({ accountId, label }: { accountId: string; label: string }) {
  const { pending, error, run } = useActionForm();
  const [ok, setOk] = useState<string | null>(null);
  const check = () => {
    setOk(null);
    run(
      () => checkAwsAccountAction({ accountId }),
      (data) => setOk(`Credentials belong to ${data.callerAccountId}, via ${data.via}.`),
    );
  };
  return (
    <div>
      <button type="button" onClick={check} disabled={pending} aria-label={`Check credentials for ${label}`} className="rounded border border-slate-300 px-2 py-1 text-xs hover:bg-slate-100 disabled:opacity-50">
        {pending ? "Checking…" : "Check credentials"}
      </button>
      <p role="status" className="mt-1 text-xs">
        {ok ? <span className="text-green-800">{ok}</span> : null}
        {error ? <span className="text-red-800">{error}</span> : null}
      </p>
    </div>
  );
}
