import type { TSimulateOutput } from "@/lib/schemas/simulate";
import { utcTime } from "@/lib/format";

const BADGE: Record<string, string> = {
  Allow: "bg-green-100 text-green-900 border-green-300",
  ImplicitDeny: "bg-slate-100 text-slate-900 border-slate-300",
  ExplicitDeny: "bg-red-100 text-red-900 border-red-300",
};

export function DecisionBadge({ decision }: { decision: string }) {
  return <span className={`inline-block rounded border px-2 py-0.5 font-mono text-sm ${BADGE[decision] ?? ""}`}>{decision}</span>;
}

function Statements({ statements }: { statements: TSimulateOutput["statements"] }) {
  return (
    <ol className="space-y-3">
      {statements.map((s) => {
        const conditions = s.conditions;
        return (
          <li key={`${s.roleArn ?? ""}-${s.index}`} className="rounded border border-slate-200 p-3">
            <div className="flex flex-wrap items-center gap-2 text-sm">
              <span className="font-medium">Statement {s.index}{s.sid ? ` (${s.sid})` : ""}</span>
              <span className="rounded bg-slate-100 px-2">{s.effect}</span>
              <span>principal {s.principalMatched ? "matches" : "does not match"}</span>
              <span>· action {s.actionMatched ? "matches" : "does not match"}</span>
              <span>· {s.applies ? <strong>applies</strong> : "does not apply"}</span>
            </div>
            {conditions.length > 0 ? (
              <table className="mt-2 w-full text-left text-xs">
                <thead><tr><th className="pr-2">Operator</th><th className="pr-2">Key</th><th className="pr-2">Policy values (any)</th><th className="pr-2">Token value</th><th>Result</th></tr></thead>
                <tbody>
                  {conditions.map((c, i) => (
                    <tr key={i} className="align-top">
                      <td className="pr-2 font-mono">{c.operator}</td>
                      <td className="pr-2 font-mono">{c.key}</td>
                      <td className="pr-2 font-mono break-all">{c.values.join(", ")}</td>
                      <td className="pr-2 font-mono break-all">{c.requestValue === null ? <em>missing</em> : Array.isArray(c.requestValue) ? c.requestValue.join(", ") : c.requestValue}</td>
                      <td>{c.matched ? "✓ true" : "✗ false"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}

export function SimulationResult({ result }: { result: TSimulateOutput }) {
  return (
    <section aria-label="Result" className="space-y-4 rounded border border-slate-200 bg-white p-4">
      <h2 className="text-lg font-medium">Decision: <DecisionBadge decision={result.decision} /></h2>
      <p className="font-mono text-xs text-slate-600 break-all">sub = {String(result.claims.sub ?? "(none)")} · aud = {String(result.claims.aud ?? "(none)")}</p>
      {result.warnings.length ? <ul className="list-disc pl-5 text-sm text-amber-800">{result.warnings.map((w) => <li key={w}>{w}</li>)}</ul> : null}
      {result.roles ? (
        <table className="w-full text-left text-sm">
          <thead><tr className="border-b"><th className="p-1">Role</th><th className="p-1">Decision</th><th className="p-1">Policy read from IAM</th></tr></thead>
          <tbody>
            {result.roles.map((r) => (
              <tr key={r.roleArn} className="border-b">
                <td className="p-1"><div>{r.roleName}</div><div className="font-mono text-xs text-slate-500">{r.roleArn}</div></td>
                <td className="p-1">{r.decision ? <DecisionBadge decision={r.decision} /> : <span className="text-slate-600">not evaluated: {r.skipped}</span>}</td>
                <td className="p-1">{r.fetchedAt ? utcTime(r.fetchedAt) : "never"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <Statements statements={result.statements} />
    </section>
  );
}
