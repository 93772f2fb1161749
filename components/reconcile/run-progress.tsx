import type { TRunView } from "@/lib/schemas/reconcile";

const STATUS: Record<string, string> = {
  pending: "text-slate-500",
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
      {run.error ? <p className="text-sm text-red-800">{run.error}</p> : null}
      {total > 0 ? (
        <table className="mt-2 w-full text-left text-xs">
          <thead><tr className="border-b"><th className="p-1">#</th><th className="p-1">Operation</th><th className="p-1">Target</th><th className="p-1">Status</th><th className="p-1">Request id / error</th></tr></thead>
          <tbody>
            {run.operations.map((op) => (
              <tr key={op.seq} className="border-b align-top">
                <td className="p-1 tabular-nums">{op.seq}</td>
                <td className="p-1 font-mono">{op.kind}</td>
                <td className="p-1 font-mono break-all">{op.target}</td>
                <td className={`p-1 font-medium ${STATUS[op.status] ?? ""}`}>{op.status}</td>
                <td className="p-1 font-mono break-all">
                  {op.error ? <span className="block text-red-800">{op.error}</span> : null}
                  {op.requestId ? <span className="block" title="Upstream request id (AWS RequestId or GitLab X-Request-Id)">{op.requestId}</span> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}
