import { utcTime } from "@/lib/format";
import type { OutboxItemView } from "@/lib/notify/views";

/** The demo outbox: each email as it would have been sent. */
export function OutboxList({ items }: { items: OutboxItemView[] }) {
  if (items.length === 0) return <p className="text-slate-600">The outbox is empty. File, approve or reject a request and the emails it causes appear here.</p>;
  return (
    <ol className="space-y-4">
      {items.map((m) => (
        <li key={m.id} className="rounded border border-slate-200 bg-white">
          <dl className="grid grid-cols-[6rem_1fr] gap-x-3 border-b border-slate-200 p-3 text-sm">
            <dt className="font-medium">To</dt><dd>{m.to}</dd>
            <dt className="font-medium">Subject</dt><dd>{m.subject}</dd>
            <dt className="font-medium">Kept</dt><dd>{m.sentAt ? `${utcTime(m.sentAt, "second")} UTC` : "—"} <span className="font-mono text-xs text-slate-500">{m.id}</span></dd>
          </dl>
          <pre className="overflow-x-auto p-3 text-sm whitespace-pre-wrap">{m.text}</pre>
        </li>
      ))}
    </ol>
  );
}
