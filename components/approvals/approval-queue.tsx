"use client";
import Link from "next/link";
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { approveRequestAction } from "@/lib/actions/approvals/approve-request";
import { rejectRequestAction } from "@/lib/actions/approvals/reject-request";
import type { MappingRow } from "@/lib/db/mappings";
import { FieldError } from "@/components/field-error";
import { RiskBadge, selectorText } from "@/components/mappings/status-badge";

function age(iso: string, now: number): string {
  const minutes = Math.max(0, Math.round((now - Date.parse(iso)) / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} h` : `${Math.round(hours / 24)} d`;
}

export function ApprovalQueue({ rows, currentUsername, now }: { rows: MappingRow[]; currentUsername: string; now: number }) {
  // Decisions are confirmed above the list: a decided request leaves the queue on refresh, and
  // a message inside its item would vanish with it.
  const [notice, setNotice] = useState<string | null>(null);
  return (
    <div className="space-y-3">
      <p role="status" data-testid="queue-notice" className="min-h-6 text-green-800">{notice}</p>
      {rows.length === 0 ? (
        <p className="text-sm text-slate-600">Nothing is waiting for approval. <Link href="/how-it-works" className="text-blue-800 underline">How it works</Link></p>
      ) : (
        <ul className="space-y-3">
          {rows.map((r) => <QueueItem key={r.id} row={r} currentUsername={currentUsername} now={now} onDecided={setNotice} />)}
        </ul>
      )}
    </div>
  );
}

function QueueItem({ row, currentUsername, now, onDecided }: { row: MappingRow; currentUsername: string; now: number; onDecided: (notice: string) => void }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState("");
  const [reasonError, setReasonError] = useState<string[] | undefined>();
  const [message, setMessage] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  const own = row.requester.username === currentUsername;
  const approvedByMe = row.approvers.includes(currentUsername);
  const idBase = `q-${row.id}`;

  function approve() {
    startTransition(async () => {
      const res = await approveRequestAction({ mappingId: row.id });
      if (!res.ok) setMessage({ kind: "error", text: res.error });
      else {
        const what = selectorText(row);
        onDecided(res.data.status === "approved" ? `Approved: ${what}.` : `Approved ${what}; ${res.data.approvalsRemaining} more approval needed from someone else.`);
        setMessage(null);
      }
      router.refresh();
    });
  }

  function reject() {
    startTransition(async () => {
      const res = await rejectRequestAction({ mappingId: row.id, reason });
      if (!res.ok) {
        setReasonError(res.fieldErrors?.reason);
        if (!res.fieldErrors) setMessage({ kind: "error", text: res.error });
        return;
      }
      onDecided(`Rejected: ${selectorText(row)}.`);
      setMessage(null);
      router.refresh();
    });
  }

  return (
    <li className="rounded border border-slate-200 bg-white p-4 text-sm" data-testid="approval-item" aria-labelledby={`${idBase}-title`}>
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div>
          <h3 id={`${idBase}-title`} className="font-mono text-sm font-medium">{selectorText(row)}</h3>
          <p className="mt-1">
            may assume <span className="font-medium">{row.role.name}</span>{row.role.production ? <span className="ml-1 rounded bg-amber-100 px-1.5 text-xs text-amber-800">production</span> : null}
            <span className="ml-2 font-mono text-xs text-slate-500">{row.role.arn}</span>
          </p>
          <p className="mt-1 text-slate-700">“{row.justification}” — {row.requester.name} (@{row.requester.username}), {age(row.createdAt, now)} ago{row.expiresAt ? `, expires ${row.expiresAt.slice(0, 10)}` : ""}</p>
        </div>
        <div className="text-right">
          <RiskBadge tier={row.riskTier} required={row.requiredApprovals} />
          <p className="mt-1 tabular-nums text-slate-600" data-testid="approval-count">{row.approvers.length} of {row.requiredApprovals} approvals{row.approvers.length > 0 ? ` (${row.approvers.join(", ")})` : ""}</p>
          <Link href={`/mappings/${row.id}`} className="text-blue-800 hover:underline">History</Link>
          <Link href="/how-it-works" className="ml-3 text-blue-800 hover:underline">How it works</Link>
        </div>
      </div>
      <div className="mt-3 flex flex-wrap items-start gap-3">
        {own ? (
          <p className="text-slate-600">Your own request: another approver decides.</p>
        ) : approvedByMe ? (
          <p className="text-slate-600">You approved this; it needs a different second approver.</p>
        ) : (
          <>
            <button type="button" onClick={approve} disabled={pending} className="rounded bg-green-700 px-3 py-1 font-medium text-white hover:bg-green-800 disabled:opacity-50">
              {pending && !rejecting ? "Approving…" : "Approve"}
            </button>
            {rejecting ? (
              <form
                className="flex flex-wrap items-start gap-2"
                aria-label={`Reject ${row.gitlabPath}`}
                onSubmit={(e) => {
                  e.preventDefault();
                  reject();
                }}
              >
                <div>
                  <label htmlFor={`${idBase}-reason`} className="sr-only">Reason for rejecting</label>
                  <input id={`${idBase}-reason`} value={reason} onChange={(e) => setReason(e.target.value)} placeholder="Reason (required)" className="w-72 rounded border border-slate-300 px-2 py-1" aria-invalid={Boolean(reasonError)} aria-describedby={`${idBase}-reason-error`} autoFocus />
                  <FieldError id={`${idBase}-reason-error`} messages={reasonError} />
                </div>
                <button disabled={pending} className="rounded bg-red-700 px-3 py-1 font-medium text-white hover:bg-red-800 disabled:opacity-50">{pending ? "Rejecting…" : "Confirm reject"}</button>
                <button type="button" onClick={() => setRejecting(false)} className="rounded border border-slate-300 px-3 py-1 hover:bg-slate-100">Cancel</button>
              </form>
            ) : (
              <button type="button" onClick={() => setRejecting(true)} disabled={pending} className="rounded border border-red-300 px-3 py-1 text-red-800 hover:bg-red-50 disabled:opacity-50">Reject…</button>
            )}
          </>
        )}
        {message ? <span role={message.kind === "error" ? "alert" : "status"} className={message.kind === "error" ? "text-red-700" : "text-green-800"}>{message.text}</span> : null}
      </div>
    </li>
  );
}
