import type { Ref } from "react";
import type { TSimulateOutput } from "@/lib/schemas/simulate";
import { utcTime } from "@/lib/format";
import { CopyButton } from "@/components/ui/copy-button";
import { ScrollRegion } from "@/components/ui/scroll-region";
import { Table, Td, THead, Tr } from "@/components/ui/table";

const BADGE: Record<string, string> = {
  Allow: "bg-green-100 text-green-900 border-green-300",
  ImplicitDeny: "bg-slate-100 text-slate-900 border-slate-300",
  ExplicitDeny: "bg-red-100 text-red-900 border-red-300",
  NotEvaluated: "bg-amber-50 text-amber-900 border-amber-400",
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
              <ScrollRegion label={`Conditions of statement ${s.index}`} className="mt-2">
                <table className="w-full min-w-[32rem] text-left text-xs">
                  <thead><tr><th scope="col" className="pr-2">Operator</th><th scope="col" className="pr-2">Key</th><th scope="col" className="pr-2">Policy values (any)</th><th scope="col" className="pr-2">Token value</th><th scope="col">Result</th></tr></thead>
                  <tbody>
                    {conditions.map((c, i) => (
                      <tr key={i} className="align-top">
                        <td className="pr-2 font-mono">{c.operator}</td>
                        <td className="pr-2 font-mono break-all">{c.key}</td>
                        <td className="pr-2 font-mono break-all">{c.values.join(", ")}</td>
                        <td className="pr-2 font-mono break-all">{c.requestValue === null ? <em>missing</em> : Array.isArray(c.requestValue) ? c.requestValue.join(", ") : c.requestValue}</td>
                        <td className="whitespace-nowrap">{c.matched ? "✓ true" : "✗ false"}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </ScrollRegion>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}

/** The decision and why; focusable (tabIndex -1) so the simulator can move focus to a new result. */
export function SimulationResult({ result, ref }: { result: TSimulateOutput; ref?: Ref<HTMLElement> }) {
  return (
    <section ref={ref} tabIndex={-1} aria-label="Result" className="space-y-4 rounded border border-slate-200 bg-white p-4">
      <h2 className="text-lg font-medium">Decision: <DecisionBadge decision={result.decision} /></h2>
      {result.reason ? <p className="text-sm text-amber-900" data-testid="decision-reason">{result.reason}</p> : null}
      <p className="font-mono text-xs text-slate-700 break-all">sub = {String(result.claims.sub ?? "(none)")} · aud = {String(result.claims.aud ?? "(none)")}</p>
      {result.warnings.length ? <ul className="list-disc pl-5 text-sm text-amber-800">{result.warnings.map((w) => <li key={w}>{w}</li>)}</ul> : null}
      {result.roles ? (
        <Table label="Decision per role" minWidth="min-w-[32rem]">
          <THead columns={["Role", "Decision", "Judged on"]} />
          <tbody>
            {result.roles.map((r) => (
              <Tr key={r.roleArn}>
                <Td>
                  <div>{r.roleName}</div>
                  <div className="flex items-start gap-2 font-mono text-xs text-slate-700"><span className="min-w-0 break-all">{r.roleArn}</span><CopyButton text={r.roleArn} what={`ARN of ${r.roleName}`} className="font-sans" /></div>
                </Td>
                <Td>{r.decision ? <DecisionBadge decision={r.decision} /> : <span className="text-slate-700">not evaluated: {r.skipped}</span>}</Td>
                <Td>{r.judgedOn === "actual" ? `actual trust policy, read from IAM${r.fetchedAt ? ` ${utcTime(r.fetchedAt)}` : ""}` : r.fetchedAt ? `nothing (last read from IAM ${utcTime(r.fetchedAt)})` : "nothing (never read from IAM)"}</Td>
              </Tr>
            ))}
          </tbody>
        </Table>
      ) : null}
      <Statements statements={result.statements} />
    </section>
  );
}
