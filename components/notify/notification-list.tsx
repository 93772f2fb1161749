import Link from "next/link";
import { utcTime } from "@/lib/format";
import type { NotificationView } from "@/lib/notify/views";

const STATUS_STYLE: Record<NotificationView["status"], string> = {
  pending: "bg-slate-200 text-slate-800",
  sent: "bg-green-100 text-green-900",
  retrying: "bg-amber-100 text-amber-900",
  failed: "bg-red-100 text-red-900",
  skipped: "bg-slate-100 text-slate-600",
};

export function NotificationStatus({ status }: { status: NotificationView["status"] }) {
  return <span className={`rounded px-2 py-0.5 text-xs font-medium ${STATUS_STYLE[status]}`}>{status}</span>;
}

/** Notifications with their delivery attempts (each with the server's answer). */
export function NotificationList({ rows }: { rows: NotificationView[] }) {
  if (rows.length === 0) return <p className="text-slate-600">No notifications.</p>;
  return (
    <table className="w-full border-collapse bg-white text-sm">
      <thead>
        <tr className="border-b text-left">
          <th className="p-2">Created</th><th className="p-2">Event</th><th className="p-2">To</th><th className="p-2">Status</th><th className="p-2">Attempts</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((n) => (
          <tr key={n.id} className="border-b align-top">
            <td className="p-2 whitespace-nowrap">{utcTime(n.createdAt)}</td>
            <td className="p-2">{n.eventLabel}<span className="block font-mono text-xs text-slate-500">{n.id}</span></td>
            <td className="p-2">{n.target}<span className="block text-xs text-slate-500">{n.channel}{n.via ? ` via ${n.via}` : ""}</span></td>
            <td className="p-2"><NotificationStatus status={n.status} />{n.sentAt ? <span className="block text-xs text-slate-500">{utcTime(n.sentAt, "second")}</span> : null}</td>
            <td className="p-2">
              {n.attempts.length === 0 ? (
                <span className="text-slate-500">none yet</span>
              ) : (
                <details>
                  <summary className="cursor-pointer">{n.attempts.length} · last: {n.attempts.at(-1)!.outcome}</summary>
                  <ol className="mt-1 space-y-1">
                    {n.attempts.map((a) => (
                      <li key={a.attempt}>
                        <span className="font-medium">#{a.attempt} {a.outcome}</span> <span className="text-slate-500">{utcTime(a.at, "second")} · {a.durationMs} ms{a.via ? ` · ${a.via}` : ""}</span>
                        <code className="block break-all text-xs">{a.answer}</code>
                      </li>
                    ))}
                  </ol>
                </details>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function NotificationPager({ page, pageSize, total, status }: { page: number; pageSize: number; total: number; status?: string }) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const href = (p: number) => {
    const q = new URLSearchParams();
    if (status) q.set("status", status);
    if (p > 1) q.set("page", String(p));
    const s = q.toString();
    return s ? `/notifications?${s}` : "/notifications";
  };
  return (
    <nav aria-label="Pagination" className="mt-3 flex items-center gap-3 text-sm">
      {page > 1 ? <Link href={href(page - 1)} className="rounded border border-slate-300 px-2 py-1 hover:bg-slate-100">← Previous</Link> : <span className="px-2 py-1 text-slate-400">← Previous</span>}
      <span className="tabular-nums">Page {page} of {pages} · {total.toLocaleString("en")} notifications</span>
      {page < pages ? <Link href={href(page + 1)} className="rounded border border-slate-300 px-2 py-1 hover:bg-slate-100">Next →</Link> : <span className="px-2 py-1 text-slate-400">Next →</span>}
    </nav>
  );
}
