import Link from "next/link";
import type { MappingRow } from "@/lib/mappings/rows";
import { RiskBadge, StatusBadge, selectorText } from "./status-badge";

export function MappingsTable({ rows }: { rows: MappingRow[] }) {
  return (
    <table className="w-full border-collapse bg-white text-sm">
      <thead>
        <tr className="border-b text-left">
          <th className="p-2">Who may assume</th><th className="p-2">Role</th><th className="p-2">Status</th><th className="p-2">Risk</th><th className="p-2">Requester</th><th className="p-2">Approvers</th><th className="p-2">Requested</th><th className="p-2">Expires</th>
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 ? <tr><td colSpan={8} className="p-2 text-slate-600">No mapping matches.</td></tr> : null}
        {rows.map((m) => (
          <tr key={m.id} className="border-b align-top">
            <td className="p-2 font-mono text-xs"><Link href={`/mappings/${m.id}`} className="text-blue-800 hover:underline">{selectorText(m)}</Link></td>
            <td className="p-2"><Link href={`/mappings?roleId=${m.role.id}`} className="hover:underline" title={m.role.arn}>{m.role.name}</Link></td>
            <td className="p-2"><StatusBadge status={m.status} /></td>
            <td className="p-2"><RiskBadge tier={m.riskTier} /></td>
            <td className="p-2">{m.requester.username}</td>
            <td className="p-2">{m.approvers.join(", ") || "—"}</td>
            <td className="p-2 whitespace-nowrap">{m.createdAt.slice(0, 10)}</td>
            <td className="p-2 whitespace-nowrap">{m.expiresAt ? m.expiresAt.slice(0, 10) : "—"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Previous/next links that keep the other search params. */
export function Pager({ page, pageSize, total, params, basePath }: { page: number; pageSize: number; total: number; params: Record<string, string | undefined>; basePath: string }) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const href = (p: number) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v && k !== "page") q.set(k, v);
    if (p > 1) q.set("page", String(p));
    const s = q.toString();
    return s ? `${basePath}?${s}` : basePath;
  };
  return (
    <nav aria-label="Pagination" className="mt-3 flex items-center gap-3 text-sm">
      {page > 1 ? <Link href={href(page - 1)} className="rounded border border-slate-300 px-2 py-1 hover:bg-slate-100">← Previous</Link> : <span className="px-2 py-1 text-slate-400">← Previous</span>}
      <span className="tabular-nums">Page {page} of {pages} · {total.toLocaleString("en")} mappings</span>
      {page < pages ? <Link href={href(page + 1)} className="rounded border border-slate-300 px-2 py-1 hover:bg-slate-100">Next →</Link> : <span className="px-2 py-1 text-slate-400">Next →</span>}
    </nav>
  );
}
