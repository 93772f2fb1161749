import type { Metadata } from "next";
import { CopyButton } from "@/components/ui/copy-button";
import { TextLink } from "@/components/ui/text-link";
import { notFound } from "next/navigation";
import { requirePage } from "@/lib/auth/guard";
import { can } from "@/lib/auth/permissions";
import { importSourceText } from "@/lib/mappings/rows";
import { getMappingDetail } from "@/lib/mappings/service";
import { reviewMappings } from "@/lib/requests/service";
import { MappingReviewView } from "@/components/mappings/mapping-review";
import { ZMappingIdInput } from "@/lib/schemas/requests";
import { RiskBadge, StatusBadge } from "@/components/mappings/status-badge";
import { selectorText } from "@/lib/mappings/model";
import { RevokeForm } from "@/components/mappings/revoke-form";
import { MappingUsagePanel } from "@/components/usage/mapping-usage-panel";
import { mappingUsageViews } from "@/lib/usage/service";
import { utcTime } from "@/lib/format";

export const metadata: Metadata = { title: "Mapping" };

export default async function MappingPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requirePage("mappings.view", `/mappings/${encodeURIComponent(id)}`);
  // Only a well-formed id reaches the database (PostgreSQL refuses a malformed uuid with an error).
  const detail = ZMappingIdInput.safeParse({ mappingId: id }).success ? await getMappingDetail(id) : null;
  if (!detail) notFound();
  const m = detail.mapping;
  const usage = can(user, "access.view") ? (await mappingUsageViews([m.id]))[m.id] : undefined;
  const review = (await reviewMappings([m.id])).get(m.id);
  return (
    <div className="space-y-6">
      <div>
        <p className="text-sm"><TextLink href="/mappings">← Mappings</TextLink></p>
        <h1 className="mt-1 font-mono text-xl font-semibold break-words">{selectorText(m)}</h1>
        <p className="mt-1 flex flex-wrap items-center gap-x-2 gap-y-1">
          <span>may assume <TextLink href={`/mappings?roleId=${m.role.id}`} className="font-medium">{m.role.name}</TextLink></span>
          <span className="min-w-0 font-mono text-xs break-all text-slate-700">{m.role.arn}</span>
          <CopyButton text={m.role.arn} what="role ARN" />
          {can(user, "access.view") ? <TextLink href={`/access?roleId=${m.role.id}`}>who can assume this role</TextLink> : null}
        </p>
        <p className="mt-2 flex flex-wrap gap-2"><StatusBadge status={m.status} /> <RiskBadge tier={m.riskTier} required={m.requiredApprovals} /></p>
      </div>
      <dl className="grid gap-x-4 gap-y-1 rounded border border-slate-200 bg-white p-4 text-sm break-words sm:grid-cols-[12rem_1fr]">
        {detail.provenance.kind === "imported" ? (
          <>
            <dt className="mt-2 font-medium first:mt-0 sm:mt-0">Imported</dt>
            <dd data-testid="mapping-provenance">imported by @{detail.provenance.by} from {importSourceText(detail.provenance.from)}, on {utcTime(detail.provenance.at)}: it records a grant the role&apos;s trust policy already held in IAM</dd>
          </>
        ) : (
          <><dt className="mt-2 font-medium first:mt-0 sm:mt-0">Requester</dt><dd>{m.requester.name} (@{m.requester.username})</dd></>
        )}
        <dt className="mt-2 font-medium first:mt-0 sm:mt-0">Justification</dt><dd>{m.justification}</dd>
        <dt className="mt-2 font-medium first:mt-0 sm:mt-0">Audience</dt><dd className="font-mono">{m.audience}</dd>
        <dt className="mt-2 font-medium first:mt-0 sm:mt-0">{detail.provenance.kind === "imported" ? "Created" : "Requested"}</dt><dd>{utcTime(m.createdAt)}</dd>
        <dt className="mt-2 font-medium first:mt-0 sm:mt-0">Expires</dt><dd>{m.expiresAt ? utcTime(m.expiresAt) : "never"}</dd>
        <dt className="mt-2 font-medium first:mt-0 sm:mt-0">Approvals</dt>
        <dd>
          {detail.provenance.kind === "imported"
            ? "none: imported, not requested (the grant was already in IAM)"
            : <>{detail.approvals.length === 0 ? "none yet" : detail.approvals.map((a) => `${a.approver} (${utcTime(a.at)})${a.comment ? `: ${a.comment}` : ""}`).join("; ")} · {m.requiredApprovals} required</>}
        </dd>
        {m.decisionReason ? <><dt className="mt-2 font-medium first:mt-0 sm:mt-0">Decision</dt><dd>{m.status} by {detail.mapping.decidedBy ?? "system"}: {m.decisionReason}</dd></> : null}
      </dl>
      {usage ? <MappingUsagePanel usage={usage} canRevoke={m.status === "approved" && can(user, "mappings.revoke")} /> : null}
      {m.status === "approved" && can(user, "mappings.revoke") ? <RevokeForm mappingId={m.id} /> : null}
      {review ? (
        <section aria-labelledby="grants-h" className="rounded border border-slate-200 bg-white p-4">
          <h2 id="grants-h" className="mb-2 text-lg font-medium">What it grants</h2>
          <MappingReviewView review={review} idBase="mapping" what={`${m.refType === "any" ? "ref" : m.refType} ${m.refPattern}`} />
        </section>
      ) : null}
      <section aria-labelledby="history-h">
        <h2 id="history-h" className="mb-2 text-lg font-medium">History</h2>
        <ol className="space-y-1 text-sm">
          {detail.events.map((e) => (
            <li key={e.id} className="rounded bg-white px-3 py-2 break-words">
              <span className="tabular-nums text-slate-700">{utcTime(e.at, "second")}</span> <span className="font-medium">{e.action}</span> by {e.actor}
              {typeof e.data.reason === "string" && e.data.reason ? <span className="text-slate-700"> — {e.data.reason}</span> : null}
              {typeof e.data.approvalsRemaining === "number" ? <span className="text-slate-700"> — {e.data.approvalsRemaining} more needed</span> : null}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
