import { Badge } from "@/components/ui/badge";
import { TextLink } from "@/components/ui/text-link";
import { StatusBadge } from "@/components/mappings/status-badge";
import { selectorText } from "@/lib/mappings/model";
import { SandboxBadge } from "@/components/sandbox-badge";
import { LastUsed } from "@/components/usage/usage-bits";
import { utcTime } from "@/lib/format";
import type { GitLabEvidence, UsageEvidence } from "@/lib/reviews/evidence";
import type { ReviewPageView } from "@/lib/reviews/views";
import { DecideItemForm } from "./decide-item-form";

type Item = ReviewPageView["items"][number];

/** What a decider sees (live while undecided, frozen once decided): the mapping's use and GitLab's side. */
export function EvidenceSummary({ usage, gitlab, at }: { usage: UsageEvidence | null; gitlab: GitLabEvidence; at: string | null }) {
  const people = gitlab.targets.reduce((n, t) => n + t.people, 0);
  const protection = gitlab.targets.length === 0 || gitlab.targets.some((t) => t.protected === null) ? "unknown" : gitlab.targets.every((t) => t.protected) ? "protected" : "not protected";
  return (
    <dl className="grid gap-x-3 gap-y-1 text-sm sm:grid-cols-[9rem_1fr]" data-testid="item-evidence">
      <dt className="font-medium">Last used</dt>
      <dd>
        {usage ? <><LastUsed at={usage.lastUsedAt} /> · {usage.uses30d} in 30 d · {usage.uses90d} in 90 d{usage.unused ? <> <Badge tone="amber">unused {usage.unusedDays}+ days</Badge></> : null}{usage.sandbox ? <SandboxBadge /> : null}{usage.readUntil === null ? <span className="text-slate-700"> (CloudTrail never read for this account)</span> : null}</> : <span className="text-slate-700">no longer active</span>}
      </dd>
      {usage && usage.refs.length > 0 ? (
        <>
          <dt className="font-medium">Used by</dt>
          <dd className="font-mono text-xs break-all">{usage.refs.map((r) => r.sub).join(", ")}</dd>
        </>
      ) : null}
      <dt className="font-medium">GitLab</dt>
      <dd>
        {gitlab.checked ? `${protection}; ${people} ${people === 1 ? "person" : "people"} can run a job that gets the token` : `facts unknown${gitlab.reason ? `: ${gitlab.reason}` : ""}`}
        {gitlab.findings.length > 0 ? (
          <ul className="mt-1 list-disc pl-5 text-slate-800">
            {gitlab.findings.slice(0, 5).map((f, i) => <li key={i}><span className="font-medium">{f.severity}</span>: {f.message}</li>)}
            {gitlab.findings.length > 5 ? <li>…and {gitlab.findings.length - 5} more</li> : null}
          </ul>
        ) : null}
      </dd>
      {at ? <><dt className="font-medium">As of</dt><dd className="tabular-nums">{utcTime(at)} (when decided)</dd></> : null}
    </dl>
  );
}

/** One item of a review: the mapping, who requested and approved it, its age, evidence, and the decision or its form. */
export function ReviewItemCard({ item, reviewId, reviewOpen, canDecide, currentUserId }: { item: Item; reviewId: string; reviewOpen: boolean; canDecide: boolean; currentUserId: string }) {
  const m = item.mapping;
  const label = selectorText(m);
  const titleId = `item-${item.id}-title`;
  const own = m.requester.id === currentUserId;
  return (
    <li className="space-y-3 rounded border border-slate-200 bg-white p-4 text-sm" data-testid="review-item" aria-labelledby={titleId}>
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0">
          <h3 id={titleId} className="font-mono text-sm font-medium break-words"><TextLink href={`/mappings/${item.mappingId}`}>{label}</TextLink></h3>
          <p className="mt-1">may assume <span className="font-medium">{m.role.name}</span> <span className="font-mono text-xs break-all text-slate-700">{m.role.arn}</span></p>
          <p className="mt-1 text-slate-700">
            requested by {m.requester.username} {item.ageDays} days ago · approved by {m.approvers.join(", ") || "nobody recorded"} · asked: {item.holders.join(", ") || "any approver"}
          </p>
        </div>
        <p className="flex flex-wrap gap-1">
          <StatusBadge status={item.mappingStatus} />
          {item.overdue ? <Badge tone="strong-red">overdue</Badge> : null}
          {item.decision ? <Badge tone={item.decision === "keep" ? "green" : "red"}>{item.decision === "keep" ? "kept" : "revoked"}</Badge> : <Badge tone="amber">to decide</Badge>}
        </p>
      </div>
      {item.evidence ? <EvidenceSummary usage={item.evidence.usage} gitlab={item.evidence.gitlab} at={item.evidence.at} /> : item.live ? <EvidenceSummary usage={item.live.usage} gitlab={item.live.gitlab} at={null} /> : null}
      {item.decision ? (
        <p data-testid="item-decision"><span className="font-medium">{item.decision === "keep" ? "Kept" : "Revoked"}</span> by {item.decidedBy} at {item.decidedAt ? utcTime(item.decidedAt) : "?"}: {item.reason}</p>
      ) : !reviewOpen ? (
        <p className="text-slate-700">Not decided before the review closed.</p>
      ) : own ? (
        <p className="text-slate-700" data-testid="own-item">You requested this mapping: another approver decides it.</p>
      ) : canDecide ? (
        <DecideItemForm reviewId={reviewId} itemId={item.id} label={label} />
      ) : null}
    </li>
  );
}
