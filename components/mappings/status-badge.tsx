const STATUS_TONE: Record<string, string> = {
  requested: "bg-amber-100 text-amber-900",
  approved: "bg-green-100 text-green-900",
  rejected: "bg-red-100 text-red-900",
  revoked: "bg-red-50 text-red-800",
  expired: "bg-slate-200 text-slate-700",
  withdrawn: "bg-slate-100 text-slate-600",
};

export function StatusBadge({ status }: { status: string }) {
  return <span className={`rounded px-2 py-0.5 text-xs font-medium ${STATUS_TONE[status] ?? "bg-slate-100"}`}>{status}</span>;
}

export function RiskBadge({ tier, required }: { tier: string; required?: number }) {
  return tier === "high" ? (
    <span className="rounded bg-red-100 px-2 py-0.5 text-xs font-medium text-red-800">high risk{required ? ` · ${required} approvers` : ""}</span>
  ) : (
    <span className="rounded bg-slate-100 px-2 py-0.5 text-xs text-slate-700">normal</span>
  );
}

/** "project acme/web · branch main" */
export function selectorText(m: { scope: string; gitlabPath: string; refType: string; refPattern: string; environment?: string | null }): string {
  const ref = m.refType === "any" ? `any ref ${m.refPattern}` : `${m.refType} ${m.refPattern}`;
  return `${m.scope} ${m.gitlabPath} · ${ref}${m.environment ? ` · env ${m.environment}` : ""}`;
}
