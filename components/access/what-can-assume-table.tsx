import type { WhatCanAssumeView } from "@/lib/access/what-can-assume";

export function WhatCanAssumeTable({ view }: { view: WhatCanAssumeView }) {
  return (
    <table className="w-full border-collapse bg-white text-sm">
      <thead>
        <tr className="border-b text-left"><th className="p-2">Role</th><th className="p-2">Audience</th><th className="p-2">Why (evaluator)</th><th className="p-2">Mappings</th></tr>
      </thead>
      <tbody>
        {view.rows.length === 0 ? <tr><td colSpan={4} className="p-2 text-slate-600">No role allows this job.</td></tr> : null}
        {view.rows.map((r) => (
          <tr key={`${r.roleId}-${r.audience}`} className="border-b align-top" data-testid="role-row">
            <td className="p-2">
              <div className="font-medium">{r.roleName}</div>
              <div className="font-mono text-xs text-slate-500">{r.roleArn}</div>
              <div className="text-xs">{r.source === "actual" ? "from the policy read from IAM" : "desired only (IAM not read yet)"}</div>
            </td>
            <td className="p-2 font-mono text-xs">{r.audience}</td>
            <td className="p-2 text-xs">
              <div className="font-medium text-green-800">{r.decision}</div>
              {r.statements.map((s, i) => (
                <div key={`${s.sid}-${i}`} className="mt-1">
                  {s.effect} statement {s.sid ?? "(no Sid)"} {s.managed ? "(trustmap)" : "(not managed by trustmap)"}
                  <ul className="ml-4 list-disc">
                    {s.conditions.map((c, j) => (
                      <li key={j} className="font-mono">
                        {c.operator} {c.key} {c.matched ? "matched" : "did not match"}{c.decidingValue ? ` by ${c.decidingValue}` : ""} ({c.outcome})
                      </li>
                    ))}
                  </ul>
                </div>
              ))}
            </td>
            <td className="p-2 text-xs">{r.mappings.length === 0 ? "none (foreign grant)" : r.mappings.map((m) => <div key={m.id}><a href={`/mappings/${m.id}`} className="text-blue-800 hover:underline">{m.gitlabPath} · {m.ref}</a></div>)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
