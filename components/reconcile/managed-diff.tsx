import type { ManagedStatementDiff } from "@/lib/reconcile/types";
import { CodeBlock, type LineMark } from "@/components/ui/code-block";

function value(v: unknown): string {
  return JSON.stringify(v);
}

/** A managed-statement diff as lines a reviewer reads like a plan: "- path: before", "+ path: after". */
export function diffLines(d: ManagedStatementDiff): { text: string; mark: LineMark }[] {
  return d.changes.flatMap((c) => {
    const path = c.path === "$" ? "(statement)" : c.path;
    return [
      ...(c.before !== undefined ? [{ text: `- ${path}: ${value(c.before)}`, mark: "remove" as const }] : []),
      ...(c.after !== undefined ? [{ text: `+ ${path}: ${value(c.after)}`, mark: "add" as const }] : []),
    ];
  });
}

/**
 * What changes in the managed trust-policy statements (lib/reconcile/trust-plan.ts managedDiff):
 * per statement, its Sid and whether it is added, removed or changed, then one line per value
 * removed (−) or added (+). The reconcile plan, the approval card and the mapping's page show a
 * trust-policy change this way.
 */
export function ManagedDiff({ diff, context, empty = "No change to the managed statements." }: { diff: readonly ManagedStatementDiff[]; context?: string; empty?: string }) {
  if (diff.length === 0) return <p className="text-xs text-slate-700">{empty}</p>;
  return (
    <div className="space-y-2" data-testid="managed-diff">
      {diff.map((d) => {
        const lines = diffLines(d);
        const what = d.before === null ? "added" : d.after === null ? "removed" : "changed";
        return (
          <div key={d.sid} className="min-w-0">
            <p className="text-xs font-medium break-all">Statement {d.sid}: {what}</p>
            <CodeBlock label={`Changes to ${d.sid}${context ? ` of ${context}` : ""}`} code={lines.map((l) => l.text).join("\n")} marks={lines.map((l) => l.mark)} copy={false} />
          </div>
        );
      })}
    </div>
  );
}
