import type { WhatCanAssumeView } from "@/lib/access/what-can-assume";
import { CopyButton } from "@/components/ui/copy-button";
import { EmptyRow, Table, Td, THead, Tr } from "@/components/ui/table";
import { TextLink } from "@/components/ui/text-link";

export function WhatCanAssumeTable({ view }: { view: WhatCanAssumeView }) {
  return (
    <Table label="Roles this job can assume" minWidth="min-w-[48rem]">
      <THead columns={["Role", "Audience", "Why (evaluator)", "Mappings"]} />
      <tbody>
        {view.rows.length === 0 ? <EmptyRow colSpan={4}>No role allows this job.</EmptyRow> : null}
        {view.rows.map((r) => (
          <Tr key={`${r.roleId}-${r.audience}`} data-testid="role-row">
            <Td className="">
              <div className="font-medium">{r.roleName}</div>
              <div className="flex items-start gap-2 font-mono text-xs text-slate-700"><span className="min-w-0 break-all">{r.roleArn}</span><CopyButton text={r.roleArn} what={`ARN of ${r.roleName}`} className="font-sans" /></div>
              <div className="text-xs">{r.source === "actual" ? "from the policy read from IAM" : "desired only (IAM not read yet)"}</div>
            </Td>
            <Td className="font-mono text-xs break-all">{r.audience}</Td>
            <Td className="text-xs">
              <div className="font-medium text-green-800">{r.decision}</div>
              {r.statements.map((s, i) => (
                <div key={`${s.sid}-${i}`} className="mt-1">
                  {s.effect} statement {s.sid ?? "(no Sid)"} {s.managed ? "(trustmap)" : "(not managed by trustmap)"}
                  <ul className="ml-4 list-disc">
                    {s.conditions.map((c, j) => (
                      <li key={j} className="font-mono break-all">
                        {c.operator} {c.key} {c.matched ? "matched" : "did not match"}{c.decidingValue ? ` by ${c.decidingValue}` : ""} ({c.outcome})
                      </li>
                    ))}
                  </ul>
                </div>
              ))}
            </Td>
            <Td className="text-xs">{r.mappings.length === 0 ? "none (foreign grant)" : r.mappings.map((m) => <div key={m.id}><TextLink href={`/mappings/${m.id}`}>{m.gitlabPath} · {m.ref}</TextLink></div>)}</Td>
          </Tr>
        ))}
      </tbody>
    </Table>
  );
}
