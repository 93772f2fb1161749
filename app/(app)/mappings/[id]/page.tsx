import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePage } from "@/lib/auth/guard";
import { can } from "@/lib/auth/permissions";
import { getMappingDetail } from "@/lib/mappings/service";
import { RiskBadge, StatusBadge, selectorText } from "@/components/mappings/status-badge";
import { RevokeForm } from "@/components/mappings/revoke-form";
import { utcTime } from "@/lib/format";

export const metadata: Metadata = { title: "Mapping" };

export default async function MappingPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requirePage("mappings.view", "/mappings/" + id);
  const detail = /^[0-9a-f-]{36}$/i.test(id) ? await getMappingDetail(id) : null;
  if (!detail) notFound();
  const m = detail.mapping;
  return (
    <div className="space-y-6">
      <div>
        <p className="text-sm"><Link href="/mappings" className="text-blue-800 hover:underline">← Mappings</Link></p>
        <h1 className="mt-1 font-mono text-xl font-semibold">{selectorText(m)}</h1>
        <p className="mt-1">
          may assume <Link href={`/mappings?roleId=${m.role.id}`} className="font-medium text-blue-800 hover:underline">{m.role.name}</Link> <span className="font-mono text-xs text-slate-500">{m.role.arn}</span>
          {can(user, "access.view") ? <> · <Link href={`/access?roleId=${m.role.id}`} className="text-blue-800 hover:underline">who can assume this role</Link></> : null}
        </p>
        <p className="mt-2 flex gap-2"><StatusBadge status={m.status} /> <RiskBadge tier={m.riskTier} required={m.requiredApprovals} /></p>
      </div>
      <dl className="grid grid-cols-[12rem_1fr] gap-x-4 gap-y-1 rounded border border-slate-200 bg-white p-4 text-sm">
        <dt className="font-medium">Requester</dt><dd>{m.requester.name} (@{m.requester.username})</dd>
        <dt className="font-medium">Justification</dt><dd>{m.justification}</dd>
        <dt className="font-medium">Audience</dt><dd className="font-mono">{m.audience}</dd>
        <dt className="font-medium">Requested</dt><dd>{m.createdAt.replace("T", " ").slice(0, 19)} UTC</dd>
        <dt className="font-medium">Expires</dt><dd>{m.expiresAt ? `${m.expiresAt.replace("T", " ").slice(0, 19)} UTC` : "never"}</dd>
        <dt className="font-medium">Approvals</dt>
        <dd>{detail.approvals.length === 0 ? "none yet" : detail.approvals.map((a) => `${a.approver} (${utcTime(a.at)})${a.comment ? `: ${a.comment}` : ""}`).join("; ")} · {m.requiredApprovals} required</dd>
        {m.decisionReason ? <><dt className="font-medium">Decision</dt><dd>{m.status} by {detail.mapping.decidedBy ?? "system"}: {m.decisionReason}</dd></> : null}
      </dl>
      {m.status === "approved" && can(user, "mappings.revoke") ? <RevokeForm mappingId={m.id} /> : null}
      <section aria-labelledby="history-h">
        <h2 id="history-h" className="mb-2 text-lg font-medium">History</h2>
        <ol className="space-y-1 text-sm">
          {detail.events.map((e) => (
            <li key={e.id} className="rounded bg-white px-3 py-2">
              <span className="tabular-nums text-slate-500">{e.at.replace("T", " ").slice(0, 19)}</span> <span className="font-medium">{e.action}</span> by {e.actor}
              {typeof e.data.reason === "string" && e.data.reason ? <span className="text-slate-700"> — {e.data.reason}</span> : null}
              {typeof e.data.approvalsRemaining === "number" ? <span className="text-slate-700"> — {e.data.approvalsRemaining} more needed</span> : null}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
