import type { MappingUsageView } from "@/lib/usage/views";
import { LastUsed, RevokeHint, refLabel } from "./usage-bits";

/** The Mappings list's usage column: last use, uses in 30/90 days, the refs that used it, "revoke?". */
export function MappingUsageCell({ usage }: { usage: MappingUsageView | undefined }) {
  if (!usage) return <span className="text-slate-700">—</span>;
  const refs = usage.refs.slice(0, 2).map(refLabel);
  const more = usage.refs.length - refs.length;
  return (
    <div className="space-y-0.5 text-xs" data-testid="mapping-usage">
      <div><LastUsed at={usage.lastUsedAt} /></div>
      <div className="tabular-nums text-slate-700">{usage.uses30d} in 30 d · {usage.uses90d} in 90 d</div>
      {refs.length > 0 ? <div className="font-mono break-words">{refs.join(", ")}{more > 0 ? ` +${more} more` : ""}</div> : null}
      {usage.unused ? <div><RevokeHint mappingId={usage.mappingId} days={usage.unusedDays} /></div> : null}
    </div>
  );
}
