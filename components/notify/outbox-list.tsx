import { utcTime } from "@/lib/format";
import type { OutboxItemView } from "@/lib/notify/views";

/** The demo outbox: each email as it would have been sent. */
export function OutboxList({ items }: { items: OutboxItemView[] }) {
  if (items.length === 0) return <p className="text-slate-700">The outbox is empty. File, approve or reject a request and the emails it causes appear here.</p>;
  return (
    <ol className="space-y-4" aria-label="Emails kept in the outbox">
      {items.map((m) => (
        <li key={m.id} data-testid="outbox-mail" className="min-w-0 rounded border border-slate-200 bg-white">
          <dl className="grid grid-cols-[5rem_minmax(0,1fr)] gap-x-3 border-b border-slate-200 p-3 text-sm">
            <dt className="font-medium">To</dt><dd className="break-all" data-testid="outbox-to">{m.to}</dd>
            <dt className="font-medium">Subject</dt><dd className="break-words" data-testid="outbox-subject">{m.subject}</dd>
            <dt className="font-medium">Kept</dt><dd>{m.sentAt ? `${utcTime(m.sentAt, "second")} UTC` : "—"} <span className="font-mono text-xs break-all text-slate-600">{m.id}</span></dd>
          </dl>
          <pre className="p-3 text-sm whitespace-pre-wrap wrap-anywhere" data-testid="outbox-text">{m.text}</pre>
        </li>
      ))}
    </ol>
  );
}
