import type { AuditRow } from "@/lib/audit/rows";

function summary(data: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const key of ["gitlabPath", "ref", "roleName", "role", "reason", "status", "change", "action", "where", "via", "approvalsRemaining"]) {
    const v = data[key];
    if (v !== undefined && v !== null && v !== "") parts.push(`${key}: ${typeof v === "string" ? v : JSON.stringify(v)}`);
  }
  return parts.join(" · ");
}

export function AuditTable({ rows }: { rows: AuditRow[] }) {
  return (
    <table className="w-full border-collapse bg-white text-sm">
      <thead>
        <tr className="border-b text-left"><th className="p-2">#</th><th className="p-2">At (UTC)</th><th className="p-2">Actor</th><th className="p-2">Event</th><th className="p-2">Details</th><th className="p-2">Hash</th></tr>
      </thead>
      <tbody>
        {rows.length === 0 ? <tr><td colSpan={6} className="p-2 text-slate-600">No event matches.</td></tr> : null}
        {rows.map((e) => (
          <tr key={e.id} className="border-b align-top">
            <td className="p-2 tabular-nums text-slate-500">{e.id}</td>
            <td className="p-2 whitespace-nowrap tabular-nums">{e.at.replace("T", " ").slice(0, 19)}</td>
            <td className="p-2">{e.actor}</td>
            <td className="p-2 font-medium">{e.action}</td>
            <td className="p-2 text-xs">
              {summary(e.data)}
              <details className="mt-1">
                <summary className="cursor-pointer text-slate-500">data</summary>
                <pre className="mt-1 max-w-xl overflow-auto whitespace-pre-wrap text-xs">{JSON.stringify({ resourceType: e.resourceType, resourceId: e.resourceId, ...e.data }, null, 2)}</pre>
              </details>
            </td>
            <td className="p-2 font-mono text-xs text-slate-500" title={`prev ${e.prevHash}`}>{e.hash.slice(0, 12)}…</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
