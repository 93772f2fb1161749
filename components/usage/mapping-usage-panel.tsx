import { SectionHeading } from "@/components/ui/page-header";
import { Badge } from "@/components/ui/badge";
import { EmptyRow, Table, Td, THead, Tr } from "@/components/ui/table";
import { TextLink } from "@/components/ui/text-link";
import { utcTime } from "@/lib/format";
import type { MappingUsageView } from "@/lib/usage/views";
import { EvidenceNote, LastUsed, refLabel } from "./usage-bits";

/**
 * A mapping's use from CloudTrail (its page): last use, uses in 30 and 90 days, the refs that used
 * it, and "revoke?" when unused for the setting's number of days (linking to the revoke form when
 * the viewer may revoke).
 */
export function MappingUsagePanel({ usage, canRevoke }: { usage: MappingUsageView; canRevoke: boolean }) {
  return (
    <section aria-labelledby="usage-h" className="space-y-2" data-testid="mapping-usage-panel">
      <SectionHeading id="usage-h">Usage</SectionHeading>
      <dl className="grid gap-x-4 gap-y-1 rounded border border-slate-200 bg-white p-4 text-sm sm:grid-cols-[12rem_1fr]">
        <dt className="font-medium">Last used</dt>
        <dd><LastUsed at={usage.lastUsedAt} /></dd>
        <dt className="font-medium">Uses</dt>
        <dd className="tabular-nums">{usage.uses30d} in the last 30 days · {usage.uses90d} in the last 90 days</dd>
        {usage.unused ? (
          <>
            <dt className="font-medium">Unused</dt>
            <dd>
              <Badge tone="amber">revoke?</Badge> Not used in the last {usage.unusedDays} days.{" "}
              {canRevoke ? <TextLink href="#revoke">Revoke it below</TextLink> : "An approver can revoke it."}
            </dd>
          </>
        ) : null}
      </dl>
      <Table label="Refs that used this mapping" minWidth="min-w-[32rem]">
        <THead columns={["Project", "Ref", "Last used", "Uses in 90 days"]} />
        <tbody>
          {usage.refs.length === 0 ? <EmptyRow colSpan={4}>No job used this mapping in the last 90 days.</EmptyRow> : null}
          {usage.refs.map((r) => (
            <Tr key={r.sub}>
              <Td className="font-mono break-all">{r.project ?? r.sub}</Td>
              <Td className="font-mono break-all">{refLabel(r)}</Td>
              <Td className="whitespace-nowrap tabular-nums">{utcTime(r.lastUsedAt)}</Td>
              <Td className="tabular-nums">{r.uses90d}</Td>
            </Tr>
          ))}
        </tbody>
      </Table>
      <EvidenceNote origin={usage} />
    </section>
  );
}
