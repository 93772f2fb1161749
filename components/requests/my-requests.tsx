"use client";
import { useState } from "react";
import { withdrawRequestAction } from "@/lib/actions/requests/withdraw-request";
import type { MappingRow } from "@/lib/mappings/rows";
import { RiskBadge, StatusBadge } from "@/components/mappings/status-badge";
import { selectorText } from "@/lib/mappings/model";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/notice";
import { Table, Td, THead, Tr } from "@/components/ui/table";
import { TextLink } from "@/components/ui/text-link";
import { useActionForm } from "@/components/ui/use-action-form";
import { utcTime } from "@/lib/format";

export function MyRequests({ rows }: { rows: MappingRow[] }) {
  const { pending, error, run } = useActionForm({ refresh: true });
  const [busy, setBusy] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  function withdraw(row: MappingRow) {
    setBusy(row.id);
    setDone(null);
    run(
      () => withdrawRequestAction({ mappingId: row.id }),
      () => {
        setDone(`Withdrew the request for ${row.gitlabPath}.`);
        setBusy(null);
      },
      () => setBusy(null),
    );
  }

  if (rows.length === 0) return <p className="text-sm text-slate-700">You have not requested anything yet. <TextLink href="/how-it-works">How it works</TextLink></p>;
  return (
    <div>
      {done || error ? <p className="mb-2"><FormMessage ok={done} error={error} /></p> : null}
      <Table label="My requests" minWidth="min-w-[44rem]">
        <THead columns={["Requested", "Who may assume", "Role", "Status", "Approvals", <span key="a" className="sr-only">Actions</span>]} />
        <tbody>
          {rows.map((r) => (
            <Tr key={r.id} data-testid="my-request">
              <Td className="whitespace-nowrap">{utcTime(r.createdAt)}</Td>
              <Td className="font-mono text-xs break-words">{selectorText(r)}</Td>
              <Td>{r.role.name}</Td>
              <Td>
                <span className="flex flex-wrap gap-1"><StatusBadge status={r.status} /> <RiskBadge tier={r.riskTier} /></span>
                {r.decisionReason ? <div className="mt-1 text-xs text-slate-700">{r.decisionReason}</div> : null}
              </Td>
              <Td className="tabular-nums">{r.approvers.length} / {r.requiredApprovals}</Td>
              <Td className="whitespace-nowrap">
                <TextLink href={`/mappings/${r.id}`} className="mr-2">History</TextLink>
                {r.status === "requested" ? (
                  <Button variant="secondary" size="xs" onClick={() => withdraw(r)} disabled={pending} aria-label={`Withdraw request for ${r.gitlabPath}`}>
                    {busy === r.id ? "Withdrawing…" : "Withdraw"}
                  </Button>
                ) : null}
              </Td>
            </Tr>
          ))}
        </tbody>
      </Table>
    </div>
  );
}
