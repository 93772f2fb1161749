import { Table, Td, THead, Tr } from "@/components/ui/table";
import { selectorText } from "@/lib/mappings/model";
import { utcTime } from "@/lib/format";
import { evidenceLine } from "@/lib/reviews/evidence";
import type { ReviewDetailView } from "@/lib/reviews/views";

/** The report's table: who decided what, when, why, and on what evidence. */
export function ReviewReportTable({ view }: { view: ReviewDetailView }) {
  return (
    <Table label="Decisions" minWidth="min-w-[60rem]" dense>
      <THead dense columns={["Mapping", "Role", "Requested by", "Approved by", "Decision", "Reason", "Decided by", "Decided at", "Evidence at decision time"]} />
      <tbody>
        {view.items.map((i) => (
          <Tr key={i.id} data-testid="report-row">
            <Td dense className="font-mono break-words">{selectorText(i.mapping)}</Td>
            <Td dense className="break-all">{i.mapping.role.name}<br /><span className="font-mono text-slate-700">{i.mapping.accountId}</span></Td>
            <Td dense>{i.mapping.requester.username}</Td>
            <Td dense>{i.mapping.approvers.join(", ") || "—"}</Td>
            <Td dense className="font-medium">{i.decision ?? "undecided"}{i.overdue ? " (overdue)" : ""}</Td>
            <Td dense className="break-words">{i.reason ?? "—"}</Td>
            <Td dense>{i.decidedBy ?? "—"}</Td>
            <Td dense className="whitespace-nowrap tabular-nums">{i.decidedAt ? utcTime(i.decidedAt, "second") : "—"}</Td>
            <Td dense className="break-words">{i.evidence ? evidenceLine(i.evidence) : "—"}</Td>
          </Tr>
        ))}
      </tbody>
    </Table>
  );
}
