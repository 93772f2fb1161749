"use client";
import { useState } from "react";
import { verifyAuditChainAction } from "@/lib/actions/audit/verify-audit-chain";
import { Button } from "@/components/ui/button";
import { useActionForm } from "@/components/ui/use-action-form";

export function VerifyChainButton() {
  const { pending, error, run } = useActionForm();
  const [result, setResult] = useState<{ intact: boolean; text: string } | null>(null);

  function verify() {
    setResult(null);
    run(
      () => verifyAuditChainAction({}),
      (data) =>
        // The summary says what was verified, against which checkpoint, and what is missing.
        setResult({ intact: data.ok, text: data.summary }),
    );
  }

  const shown = result ?? (error ? { intact: false, text: error } : null);
  return (
    <div className="flex flex-wrap items-center gap-3">
      <Button variant="secondary" size="sm" className="font-medium" disabled={pending} onClick={verify}>
        {pending ? "Verifying…" : "Verify chain"}
      </Button>
      {shown ? (
        <span role={shown.intact ? "status" : "alert"} data-testid="verify-result" className={shown.intact ? "text-green-800" : "font-medium text-red-700"}>
          {shown.text}
        </span>
      ) : null}
    </div>
  );
}
