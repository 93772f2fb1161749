import { utcTime } from "@/lib/format";
import type { NotificationView } from "@/lib/notify/views";
import { Badge, type Tone } from "@/components/ui/badge";
import { Pager, pageHref } from "@/components/ui/pager";
import { EmptyRow, Table, Td, THead, Tr } from "@/components/ui/table";

const STATUS_TONE: Record<NotificationView["status"], Tone> = {
  pending: "neutral",
  sent: "green",
  retrying: "amber",
  failed: "red",
  skipped: "muted",
};

export function NotificationStatus({ status }: { status: NotificationView["status"] }) {
  return <Badge tone={STATUS_TONE[status]}>{status}</Badge>;
}

/** Notifications with their delivery attempts (each with the server's answer). */
export function NotificationList({ rows }: { rows: NotificationView[] }) {
  return (
    <Table label="Notifications" minWidth="min-w-[48rem]">
      <THead columns={["Created", "Event", "To", "Status", "Attempts"]} />
      <tbody>
        {rows.length === 0 ? <EmptyRow colSpan={5}>No notifications.</EmptyRow> : null}
        {rows.map((n) => (
          <Tr key={n.id} data-testid="notification">
            <Td className="whitespace-nowrap">{utcTime(n.createdAt)}</Td>
            <Td>{n.eventLabel}<span className="block font-mono text-xs text-slate-600">{n.id}</span></Td>
            <Td className="break-all">{n.target}<span className="block text-xs text-slate-600">{n.channel}{n.via ? ` via ${n.via}` : ""}</span></Td>
            <Td><NotificationStatus status={n.status} />{n.sentAt ? <span className="block text-xs text-slate-600">{utcTime(n.sentAt, "second")}</span> : null}</Td>
            <Td>
              {n.attempts.length === 0 ? (
                <span className="text-slate-600">none yet</span>
              ) : (
                <details>
                  <summary className="cursor-pointer">{n.attempts.length} · last: {n.attempts.at(-1)!.outcome}</summary>
                  <ol className="mt-1 space-y-1">
                    {n.attempts.map((a) => (
                      <li key={a.attempt}>
                        <span className="font-medium">#{a.attempt} {a.outcome}</span> <span className="text-slate-600">{utcTime(a.at, "second")} · {a.durationMs} ms{a.via ? ` · ${a.via}` : ""}</span>
                        <code className="block break-all text-xs">{a.answer}</code>
                      </li>
                    ))}
                  </ol>
                </details>
              )}
            </Td>
          </Tr>
        ))}
      </tbody>
    </Table>
  );
}

export function NotificationPager({ page, pageSize, total, status }: { page: number; pageSize: number; total: number; status?: string }) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const href = (p: number) => pageHref("/notifications", { status }, p);
  return (
    <Pager previous={page > 1 ? href(page - 1) : null} next={page < pages ? href(page + 1) : null}>
      Page {page} of {pages} · {total.toLocaleString("en")} notifications
    </Pager>
  );
}
