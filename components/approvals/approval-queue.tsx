"use client";
import { useState } from "react";
import { approveRequestAction } from "@/lib/actions/approvals/approve-request";
import { rejectRequestAction } from "@/lib/actions/approvals/reject-request";
import type { MappingRow } from "@/lib/mappings/rows";
import { RiskBadge } from "@/components/mappings/status-badge";
import { selectorText } from "@/lib/mappings/model";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { FieldError, Input } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/notice";
import { TextLink } from "@/components/ui/text-link";
import { useActionForm } from "@/components/ui/use-action-form";
import { utcTime } from "@/lib/format";

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
        <p className="text-sm text-slate-700">Nothing is waiting for approval. <TextLink href="/how-it-works">How it works</TextLink></p>
      ) : (
        <ul className="space-y-3">
          {rows.map((r) => <QueueItem key={r.id} row={r} currentUsername={currentUsername} now={now} onDecided={setNotice} />)}
        </ul>
      )}
    </div>
  );
}

function QueueItem({ row, currentUsername, now, onDecided }: { row: MappingRow; currentUsername: string; now: number; onDecided: (notice: string) => void }) {
  const { pending, fieldErrors, error, run } = useActionForm({ refresh: true });
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState("");
  const own = row.requester.username === currentUsername;
  const approvedByMe = row.approvers.includes(currentUsername);
  const idBase = `q-${row.id}`;

  function approve() {
    run(
      () => approveRequestAction({ mappingId: row.id }),
      (data) => {
        const what = selectorText(row);
        onDecided(data.status === "approved" ? `Approved: ${what}.` : `Approved ${what}; ${data.approvalsRemaining} more approval needed from someone else.`);
      },
    );
  }

  function reject() {
    run(() => rejectRequestAction({ mappingId: row.id, reason }), () => onDecided(`Rejected: ${selectorText(row)}.`));
  }

  return (
    <li className="rounded border border-slate-200 bg-white p-4 text-sm" data-testid="approval-item" aria-labelledby={`${idBase}-title`}>
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0">
          <h2 id={`${idBase}-title`} className="font-mono text-sm font-medium break-words">{selectorText(row)}</h2>
          <p className="mt-1">
            may assume <span className="font-medium">{row.role.name}</span>{row.role.production ? <Badge tone="amber" className="ml-1">production</Badge> : null}
            <span className="ml-2 font-mono text-xs break-all text-slate-700">{row.role.arn}</span>
          </p>
          <p className="mt-1 text-slate-700">“{row.justification}” — {row.requester.name} (@{row.requester.username}), {age(row.createdAt, now)} ago{row.expiresAt ? `, expires ${utcTime(row.expiresAt)}` : ""}</p>
        </div>
        <div className="sm:text-right">
          <RiskBadge tier={row.riskTier} required={row.requiredApprovals} />
          <p className="mt-1 tabular-nums text-slate-700" data-testid="approval-count">{row.approvers.length} of {row.requiredApprovals} approvals{row.approvers.length > 0 ? ` (${row.approvers.join(", ")})` : ""}</p>
          <TextLink href={`/mappings/${row.id}`}>History</TextLink>
          <TextLink href="/how-it-works" className="ml-3">How it works</TextLink>
        </div>
      </div>
      <div className="mt-3 flex flex-wrap items-start gap-3">
        {own ? (
          <p className="text-slate-700">Your own request: another approver decides.</p>
        ) : approvedByMe ? (
          <p className="text-slate-700">You approved this; it needs a different second approver.</p>
        ) : (
          <>
            <Button variant="approve" size="sm" onClick={approve} disabled={pending}>
              {pending && !rejecting ? "Approving…" : "Approve"}
            </Button>
            {rejecting ? (
              <form
                className="flex flex-wrap items-start gap-2"
                aria-label={`Reject ${row.gitlabPath}`}
                onSubmit={(e) => {
                  e.preventDefault();
                  reject();
                }}
              >
                <div className="w-full sm:w-72">
                  <label htmlFor={`${idBase}-reason`} className="sr-only">Reason for rejecting</label>
                  <Input id={`${idBase}-reason`} value={reason} onChange={(e) => setReason(e.target.value)} placeholder="Reason (required)" aria-invalid={fieldErrors.reason ? true : undefined} aria-describedby={`${idBase}-reason-error`} autoFocus />
                  <FieldError id={`${idBase}-reason-error`} messages={fieldErrors.reason} />
                </div>
                <Button type="submit" variant="danger" size="sm" disabled={pending}>{pending ? "Rejecting…" : "Confirm reject"}</Button>
                <Button variant="secondary" size="sm" onClick={() => setRejecting(false)}>Cancel</Button>
              </form>
            ) : (
              <Button variant="danger-outline" size="sm" onClick={() => setRejecting(true)} disabled={pending}>Reject…</Button>
            )}
          </>
        )}
        <FormMessage error={error} />
      </div>
    </li>
  );
}
