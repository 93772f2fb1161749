"use client";
import Link from "next/link";
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { withdrawRequestAction } from "@/lib/actions/requests/withdraw-request";
import type { MappingRow } from "@/lib/db/mappings";
import { RiskBadge, StatusBadge, selectorText } from "@/components/mappings/status-badge";
import { utcTime } from "@/lib/format";

export function MyRequests({ rows }: { rows: MappingRow[] }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<{ kind: "ok" | "error"; text: string } | null>(null);

  function withdraw(row: MappingRow) {
    setBusy(row.id);
    startTransition(async () => {
      const res = await withdrawRequestAction({ mappingId: row.id });
      setMessage(res.ok ? { kind: "ok", text: `Withdrew the request for ${row.gitlabPath}.` } : { kind: "error", text: res.error });
      setBusy(null);
      router.refresh();
    });
  }

  if (rows.length === 0) return <p className="text-sm text-slate-600">You have not requested anything yet. <Link href="/how-it-works" className="text-blue-800 underline">How it works</Link></p>;
  return (
    <div>
      {message ? <p role={message.kind === "error" ? "alert" : "status"} className={message.kind === "error" ? "mb-2 text-red-700" : "mb-2 text-green-800"}>{message.text}</p> : null}
      <table className="w-full border-collapse bg-white text-sm">
        <thead>
          <tr className="border-b text-left"><th className="p-2">Requested</th><th className="p-2">Who may assume</th><th className="p-2">Role</th><th className="p-2">Status</th><th className="p-2">Approvals</th><th className="p-2"><span className="sr-only">Actions</span></th></tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} className="border-b align-top" data-testid="my-request">
              <td className="p-2 whitespace-nowrap">{utcTime(r.createdAt)}</td>
              <td className="p-2 font-mono text-xs">{selectorText(r)}</td>
              <td className="p-2">{r.role.name}</td>
              <td className="p-2"><StatusBadge status={r.status} /> <RiskBadge tier={r.riskTier} />{r.decisionReason ? <div className="mt-1 text-xs text-slate-600">{r.decisionReason}</div> : null}</td>
              <td className="p-2 tabular-nums">{r.approvers.length} / {r.requiredApprovals}</td>
              <td className="p-2 whitespace-nowrap">
                <Link href={`/mappings/${r.id}`} className="mr-2 text-blue-800 hover:underline">History</Link>
                {r.status === "requested" ? (
                  <button type="button" onClick={() => withdraw(r)} disabled={pending} className="rounded border border-slate-300 px-2 py-0.5 hover:bg-slate-100 disabled:opacity-50" aria-label={`Withdraw request for ${r.gitlabPath}`}>
                    {busy === r.id ? "Withdrawing…" : "Withdraw"}
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
