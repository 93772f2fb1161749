import { Badge } from "@/components/ui/badge";
import { TextLink } from "@/components/ui/text-link";
import { SandboxBadge } from "@/components/sandbox-badge";
import { utcTime } from "@/lib/format";
import type { EvidenceOrigin, RefUse } from "@/lib/usage/views";

/** "revoke?" on a mapping unused for `days` days: a link to its page's revoke form. */
export function RevokeHint({ mappingId, days }: { mappingId: string; days: number }) {
  return (
    <TextLink href={`/mappings/${mappingId}#revoke`} data-testid="revoke-hint" title={`Not used in the last ${days} days`}>
      <Badge tone="amber">revoke?</Badge>
      <span className="sr-only"> (not used in the last {days} days)</span>
    </TextLink>
  );
}

/** When a thing was last used, or "never" (within the 90 days of usage kept). */
export function LastUsed({ at }: { at: string | null }) {
  return at ? <span className="whitespace-nowrap tabular-nums">{utcTime(at)}</span> : <span className="text-slate-700">not in 90 days</span>;
}

/** "main", "tag v1.2", or the raw sub when it has another shape. */
export function refLabel(r: Pick<RefUse, "sub" | "refType" | "ref">): string {
  if (r.ref === null) return r.sub;
  return r.refType === "tag" ? `tag ${r.ref}` : r.ref;
}

/** Where usage figures come from: CloudTrail read up to a time, or the sandbox's sample. */
export function EvidenceNote({ origin }: { origin: EvidenceOrigin }) {
  if (origin.sandbox) {
    return (
      <p className="text-sm text-slate-700" data-testid="usage-origin">
        <SandboxBadge /> Sample evidence the demo seeded for the built-in sandbox account (it has no CloudTrail){origin.readUntil ? `, as of ${utcTime(origin.readUntil)}` : ""}.
      </p>
    );
  }
  return (
    <p className="text-sm text-slate-700" data-testid="usage-origin">
      {origin.readUntil ? `CloudTrail read up to ${utcTime(origin.readUntil)} for this account.` : "CloudTrail has not been read for this account yet: no use is known, which is not the same as unused."}
    </p>
  );
}
