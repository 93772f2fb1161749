"use client";
import { useState, useTransition } from "react";
import { verifyAuditChainAction } from "@/lib/actions/audit/verify-audit-chain";

export function VerifyChainButton() {
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<{ kind: "ok" | "broken" | "error"; text: string } | null>(null);
  return (
    <div className="flex flex-wrap items-center gap-3">
      <button
        type="button"
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            const res = await verifyAuditChainAction({});
            if (!res.ok) setResult({ kind: "error", text: res.error });
            else setResult({ kind: res.data.ok ? "ok" : "broken", text: res.data.summary });
          })
        }
        className="rounded border border-slate-400 bg-white px-3 py-1.5 font-medium hover:bg-slate-100 disabled:opacity-50"
      >
        {pending ? "Verifying…" : "Verify chain"}
      </button>
      {result ? (
        <span role={result.kind === "ok" ? "status" : "alert"} data-testid="verify-result" className={result.kind === "ok" ? "text-green-800" : "font-medium text-red-700"}>
          {result.text}
        </span>
      ) : null}
    </div>
  );
}
