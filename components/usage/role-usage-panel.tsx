import { SectionHeading } from "@/components/ui/page-header";
import { EmptyRow, Table, Td, THead, Tr } from "@/components/ui/table";
import { TextLink } from "@/components/ui/text-link";
import { selectorText } from "@/lib/mappings/model";
import { utcTime } from "@/lib/format";
import type { RoleUsagePanelView } from "@/lib/usage/views";
import { EvidenceNote, LastUsed, RevokeHint, refLabel } from "./usage-bits";

/**
 * Who actually assumed a role (the Access page, under "who can assume"): each mapping's use with
 * "revoke?" when unused, the trust policy's other grants, subjects that came in through a grant
 * trustmap does not manage, and denied attempts grouped by subject.
 */
export function RoleUsagePanel({ view }: { view: RoleUsagePanelView }) {
  return (
    <section aria-labelledby="role-usage-h" className="space-y-4" data-testid="role-usage">
      <div>
        <SectionHeading id="role-usage-h" description="From CloudTrail's AssumeRoleWithWebIdentity records of the last 90 days, allowed and denied.">
          Who actually assumed {view.roleName}
        </SectionHeading>
        <EvidenceNote origin={view} />
      </div>

      <Table label={`Use of each grant of ${view.roleName}`} minWidth="min-w-[44rem]">
        <THead columns={["Grant", "Last used", "In 30 days", "In 90 days", "Refs"]} />
        <tbody>
          {view.mappings.length + view.otherGrants.length === 0 ? <EmptyRow colSpan={5}>No active grant.</EmptyRow> : null}
          {view.mappings.map((m) => (
            <Tr key={m.mappingId} data-testid="grant-usage">
              <Td className="font-mono text-xs break-words">
                <TextLink href={`/mappings/${m.mappingId}`}>{selectorText(m.selector)}</TextLink>
                {m.unused ? <> <RevokeHint mappingId={m.mappingId} days={m.unusedDays} /></> : null}
              </Td>
              <Td><LastUsed at={m.lastUsedAt} /></Td>
              <Td className="tabular-nums">{m.uses30d}</Td>
              <Td className="tabular-nums">{m.uses90d}</Td>
              <Td className="font-mono text-xs break-words">{m.refs.map(refLabel).join(", ") || "—"}</Td>
            </Tr>
          ))}
          {view.otherGrants.map((g) => (
            <Tr key={g.pattern} data-testid="grant-usage">
              <Td className="font-mono text-xs break-all">{g.pattern} <span className="font-sans text-slate-700">(not managed by trustmap)</span></Td>
              <Td><LastUsed at={g.lastUsedAt} /></Td>
              <Td className="tabular-nums">{g.uses30d}</Td>
              <Td className="tabular-nums">{g.uses90d}</Td>
              <Td>—</Td>
            </Tr>
          ))}
        </tbody>
      </Table>

      <div>
        <h3 className="mb-1 font-medium">Assumed through a grant trustmap does not manage</h3>
        <Table label={`Unmanaged subjects of ${view.roleName}`} minWidth="min-w-[36rem]">
          <THead columns={["Project", "Ref", "Last used", "In 90 days"]} />
          <tbody>
            {view.unmanagedSubjects.length === 0 ? <EmptyRow colSpan={4}>Every successful call came through a mapping trustmap manages.</EmptyRow> : null}
            {view.unmanagedSubjects.map((s) => (
              <Tr key={s.sub} data-testid="unmanaged-subject">
                <Td className="font-mono break-all">{s.project ?? s.sub}</Td>
                <Td className="font-mono break-all">{s.project ? refLabel(s) : "—"}</Td>
                <Td className="whitespace-nowrap tabular-nums">{utcTime(s.lastUsedAt)}</Td>
                <Td className="tabular-nums">{s.uses90d}</Td>
              </Tr>
            ))}
          </tbody>
        </Table>
      </div>

      <div>
        <h3 className="mb-1 font-medium">Denied attempts, by subject</h3>
        <Table label={`Denied attempts on ${view.roleName}`} minWidth="min-w-[36rem]">
          <THead columns={["Subject", "Attempts", "Last", "Latest error"]} />
          <tbody>
            {view.denied.length === 0 ? <EmptyRow colSpan={4}>No denied attempt in 90 days.</EmptyRow> : null}
            {view.denied.map((d) => (
              <Tr key={d.sub ?? "(none)"} data-testid="denied-subject">
                <Td className="font-mono break-all">{d.sub === null ? <span className="font-sans text-slate-700">no readable token</span> : d.project ? `${d.project} · ${d.ref}` : d.sub}</Td>
                <Td className="tabular-nums">{d.count}</Td>
                <Td className="whitespace-nowrap tabular-nums">{utcTime(d.lastAt)}</Td>
                <Td className="font-mono">{d.errorCode}</Td>
              </Tr>
            ))}
          </tbody>
        </Table>
      </div>
    </section>
  );
}

/** One line under the Access page's heading: when usage evidence was last read, by which source. */
export function UsageLastReadLine({ run }: { run: { source: string; status: string; startedAt: string; finishedAt: string | null } | null }) {
  const SOURCE: Record<string, string> = { s3: "trail bucket", lookup: "CloudTrail LookupEvents", sqs: "SQS queue", sandbox: "sandbox sample" };
  return (
    <p className="text-sm text-slate-700" data-testid="usage-last-read">
      {run === null
        ? "Usage evidence has not been read from CloudTrail yet."
        : run.status === "sample"
          ? `Usage evidence: the sandbox's sample, as of ${utcTime(run.finishedAt ?? run.startedAt)}; nothing has been read from CloudTrail yet.`
          : `Usage evidence last read ${utcTime(run.finishedAt ?? run.startedAt)} (${SOURCE[run.source] ?? run.source}: ${run.status}).`}
    </p>
  );
}
