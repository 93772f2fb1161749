import type { Operation, Plan } from "@/lib/reconcile/types";
import { CodeBlock } from "@/components/ui/code-block";
import { CopyButton } from "@/components/ui/copy-button";
import { ScrollRegion } from "@/components/ui/scroll-region";

const SEVERITY: Record<string, string> = {
  blocking: "border-red-400 bg-red-50 text-red-900",
  error: "border-orange-300 bg-orange-50 text-orange-900",
  warning: "border-amber-300 bg-amber-50 text-amber-900",
};

function targetLabel(t: { kind: string; path: string | number }) {
  return `${t.kind} ${t.path}`;
}

function json(value: unknown) {
  return value === undefined ? "—" : JSON.stringify(value);
}

function TrustPolicyOp({ op }: { op: Extract<Operation, { kind: "trust-policy.update" }> }) {
  return (
    <div className="rounded border border-slate-200 p-3" data-testid="trust-policy-op">
      <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
        <span className="font-medium">{op.roleName}</span>
        <span className="min-w-0 font-mono text-xs break-all text-slate-700">{op.roleArn}</span>
        <CopyButton text={op.roleArn} what={`ARN of ${op.roleName}`} />
      </div>
      <p className="text-xs text-slate-700">Managed statement(s) only; statements trustmap does not own are kept verbatim.</p>
      {op.diff.map((d) => (
        <ScrollRegion key={d.sid} label={`Changes to ${d.sid}`} className="mt-2">
          <table className="w-full text-left font-mono text-xs">
            <caption className="text-left font-sans text-sm">{d.sid}: {d.before === null ? "added" : d.after === null ? "removed" : "changed"}</caption>
            <thead><tr className="border-b"><th scope="col" className="pr-2">path</th><th scope="col" className="pr-2">before</th><th scope="col">after</th></tr></thead>
            <tbody>
              {d.changes.map((c) => (
                <tr key={c.path} className="align-top">
                  <td className="pr-2 break-all">{c.path || "(statement)"}</td>
                  <td className="pr-2 break-all text-red-800">{json(c.before)}</td>
                  <td className="break-all text-green-800">{json(c.after)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      ))}
    </div>
  );
}

function VariableOp({ op }: { op: Extract<Operation, { kind: "variable.create" | "variable.update" | "variable.delete" }> }) {
  const verb = op.kind === "variable.create" ? "create" : op.kind === "variable.update" ? "update" : "delete";
  return (
    <li className="font-mono text-xs break-all">
      <span className="font-sans font-medium">{verb}</span> {op.variable.key} (scope {op.variable.environmentScope})
      {"value" in op.variable ? <> = {op.variable.value}{op.variable.protected ? " [protected]" : ""}</> : null}
      {op.before ? <span className="text-slate-700"> (was {op.before.value ?? "hidden"}{op.before.protected ? " [protected]" : ""})</span> : null}
    </li>
  );
}

/** The plan as a reviewer reads it: what changes per role and per GitLab target, and what is left alone. */
export function PlanView({ plan }: { plan: Plan }) {
  const trust = plan.operations.filter((o): o is Extract<Operation, { kind: "trust-policy.update" }> => o.kind === "trust-policy.update");
  const providers = plan.operations.filter((o) => o.kind === "oidc-provider.create" || o.kind === "oidc-provider.add-client-id");
  const variables = plan.operations.filter((o): o is Extract<Operation, { kind: "variable.create" | "variable.update" | "variable.delete" }> => o.kind.startsWith("variable."));
  const byTarget = new Map<string, typeof variables>();
  for (const v of variables) byTarget.set(targetLabel(v.target), [...(byTarget.get(targetLabel(v.target)) ?? []), v]);
  const unread = new Set(plan.unread.map((u) => u.message));
  const problems = plan.problems.filter((p) => !unread.has(p.message));

  return (
    <div className="space-y-6">
      <p data-testid="plan-summary">
        {plan.summary.operations > 0 ? `${plan.summary.operations} operation(s)` : plan.unread.length > 0 ? "Nothing to change in what could be read." : "In sync: nothing to change."} · {plan.summary.roles} role(s), {plan.summary.mappings} approved mapping(s), {plan.summary.targets} GitLab target(s)
      </p>
      {plan.unread.length > 0 ? (
        <div className="rounded border border-red-300 bg-red-50 p-3 text-sm text-red-900" data-testid="plan-unread">
          <strong>Not read</strong>, so nothing is planned for these (everything else is):
          <ul className="list-disc pl-5">{plan.unread.map((u) => <li key={`${u.kind}:${u.ref}`}>{u.message}</li>)}</ul>
        </div>
      ) : null}
      {problems.length ? (
        <ul className="space-y-2">
          {problems.map((p, i) => (
            <li key={i} className={`rounded border p-2 text-sm ${SEVERITY[p.severity]}`}>
              <strong className="uppercase">{p.severity}</strong> {p.message}
            </li>
          ))}
        </ul>
      ) : null}
      {providers.length ? (
        <section><h3 className="font-medium">OIDC providers</h3>
          <ul className="list-disc pl-5 font-mono text-xs break-all">
            {providers.map((o) => <li key={o.key}>{o.kind === "oidc-provider.create" ? `create ${o.url} for ${o.clientIds.join(", ")} in ${o.accountId}` : `add client id ${o.clientId} to ${o.providerArn}`}</li>)}
          </ul>
        </section>
      ) : null}
      {trust.length ? (
        <section className="space-y-2"><h3 className="font-medium">Trust policies</h3>{trust.map((o) => <TrustPolicyOp key={o.key} op={o} />)}</section>
      ) : null}
      {byTarget.size ? (
        <section><h3 className="font-medium">GitLab CI/CD variables</h3>
          {[...byTarget].map(([target, ops]) => (
            <div key={target} className="mt-2"><div className="text-sm font-medium break-words">{target}</div><ul className="pl-4">{ops.map((o) => <VariableOp key={o.key} op={o} />)}</ul></div>
          ))}
        </section>
      ) : null}
      {plan.foreignStatements.length ? (
        <section><h3 className="font-medium">Statements trustmap does not own (never changed)</h3>
          <ul className="space-y-1 text-sm break-words">
            {plan.foreignStatements.map((f) => (
              <li key={`${f.roleArn}-${f.index}`} className={f.widensAccess ? "text-red-800" : ""}>
                {f.roleArn} #{f.index}{f.sid ? ` (${f.sid})` : ""}{f.widensAccess ? " — widens access: " : ""}{f.findings.map((x) => x.message).join("; ")}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {plan.foreignVariables.length ? (
        <section><h3 className="font-medium">Variables trustmap does not own (never changed)</h3>
          <ul className="list-disc pl-5 font-mono text-xs break-all">{plan.foreignVariables.map((v) => <li key={`${targetLabel(v.target)}-${v.key}-${v.environmentScope}`}>{targetLabel(v.target)}: {v.key} ({v.environmentScope})</li>)}</ul>
        </section>
      ) : null}
      {plan.ciSnippets.length ? (
        <section><h3 className="font-medium">.gitlab-ci.yml for each target</h3>
          {plan.ciSnippets.map((s) => (
            <details key={`${targetLabel(s.target)}-${s.environmentScope}`} className="mt-1">
              <summary className="cursor-pointer text-sm break-words">{targetLabel(s.target)} (scope {s.environmentScope})</summary>
              <CodeBlock label={`.gitlab-ci.yml for ${targetLabel(s.target)} (scope ${s.environmentScope})`} code={s.yaml} className="mt-1" />
            </details>
          ))}
        </section>
      ) : null}
    </div>
  );
}
