"use client";
import { useState } from "react";
import { checkAwsAccountAction } from "@/lib/actions/settings/check-aws-account";
import { Button } from "@/components/ui/button";
import { useActionForm } from "@/components/ui/use-action-form";

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
      <Button variant="secondary" size="xs" onClick={check} disabled={pending} aria-label={`Check credentials for ${label}`} className="whitespace-nowrap">
        {pending ? "Checking…" : "Check credentials"}
      </Button>
      {/* One status line for either outcome: a refused check is the answer the admin asked for, not a page error. */}
      <p role="status" className="mt-1 min-w-48 text-xs">
        {ok ? <span className="text-green-800">{ok}</span> : null}
        {error ? <span className="text-red-800">{error}</span> : null}
      </p>
    </div>
  );
}
