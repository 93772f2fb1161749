import type { TRunView } from "@/lib/schemas/reconcile";
import { Table, Td, THead, Tr } from "@/components/ui/table";

const STATUS: Record<string, string> = {
  pending: "text-slate-700",
  running: "text-blue-700",
  done: "text-green-800",
  failed: "text-red-800",
  skipped: "text-amber-800",
};

/** One run's operations with their outcome, request id and error. */
export function RunProgress({ run }: { run: TRunView }) {
  const total = run.operations.length;
  const finished = run.counts.done + run.counts.failed + run.counts.skipped;
  return (
    <div aria-live="polite" data-testid="run-progress">
      <p className="text-sm">
        Run <span className="font-mono">{run.id.slice(0, 8)}</span> ({run.kind}, {run.trigger}) — <strong data-testid="run-status">{run.status}</strong>: {finished}/{total} finished · {run.counts.done} done, {run.counts.failed} failed, {run.counts.skipped} skipped
      </p>
      {total > 0 ? <progress className="mt-1 w-full" max={total} value={finished} aria-label="Operations finished" /> : null}
      {run.error ? <p className="text-sm break-words text-red-800">{run.error}</p> : null}
      {total > 0 ? (
        <Table label="Operations of this run" dense minWidth="min-w-[36rem]" className="mt-2">
          <THead dense columns={["#", "Operation", "Target", "Status", "Request id / error"]} />
          <tbody>
            {run.operations.map((op) => (
              <Tr key={op.seq}>
                <Td dense className="tabular-nums">{op.seq}</Td>
                <Td dense className="font-mono">{op.kind}</Td>
                <Td dense className="font-mono break-all">{op.target}</Td>
                <Td dense className={`font-medium ${STATUS[op.status] ?? ""}`}>{op.status}</Td>
                <Td dense className="font-mono break-all">
                  {op.error ? <span className="block text-red-800">{op.error}</span> : null}
                  {op.requestId ? <span className="block" title="Upstream request id (AWS RequestId or GitLab X-Request-Id)">{op.requestId}</span> : null}
                </Td>
              </Tr>
            ))}
          </tbody>
        </Table>
      ) : null}
    </div>
  );
}
