import type { WhatCanAssumeView } from "@/lib/access/what-can-assume";
import { CopyButton } from "@/components/ui/copy-button";
import { SortableTHead, type SortColumn, type SortDirection } from "@/components/ui/sort-header";
import { EmptyRow, Table, Td, THead, Tr } from "@/components/ui/table";
import { TextLink } from "@/components/ui/text-link";

const COLUMNS: SortColumn[] = [{ label: "Role", key: "role" }, { label: "Audience", key: "audience" }, { label: "Why (evaluator)" }, { label: "Mappings" }];

/** The roles the job can assume, with headers that sort the rows on the server (`sort`/`dir` in the URL). */
export function WhatCanAssumeTable({ view, sort, dir, params }: { view: WhatCanAssumeView; sort: string; dir: SortDirection; params: Record<string, string | undefined> }) {
  return (
    <Table label="Roles this job can assume" minWidth="min-w-[48rem]">
      <SortableTHead columns={COLUMNS} sort={sort} dir={dir} basePath="/access" params={params} />
      <tbody>
        {view.rows.length === 0 ? <EmptyRow colSpan={4}>{view.rolesEvaluated === 0 ? "No role's trust policy has been read from IAM, so none was judged." : "No role read from IAM allows this job."}</EmptyRow> : null}
        {view.rows.map((r) => (
          <Tr key={`${r.roleId}-${r.audience}`} data-testid="role-row">
            <Td className="">
              <div className="font-medium">{r.roleName}</div>
              <div className="flex items-start gap-2 font-mono text-xs text-slate-700"><span className="min-w-0 break-all">{r.roleArn}</span><CopyButton text={r.roleArn} what={`ARN of ${r.roleName}`} className="font-sans" /></div>
              <div className="text-xs">judged on the trust policy read from IAM</div>
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

/** Roles not judged (IAM not read, or the policy read could not be evaluated), with the desired state that would admit the job. */
export function NotJudgedTable({ view }: { view: WhatCanAssumeView }) {
  if (view.notJudged.length === 0) return null;
  return (
    <Table label="Roles not judged" minWidth="min-w-[40rem]">
      <THead columns={["Role", "Not judged because", "Approved mappings that would admit the job (desired state)"]} />
      <tbody>
        {view.notJudged.map((r) => (
          <Tr key={r.roleId} data-testid="not-judged-row">
            <Td>
              <div className="font-medium">{r.roleName}</div>
              <div className="flex items-start gap-2 font-mono text-xs text-slate-700"><span className="min-w-0 break-all">{r.roleArn}</span><CopyButton text={r.roleArn} what={`ARN of ${r.roleName}`} className="font-sans" /></div>
            </Td>
            <Td className="text-xs">NotEvaluated: {r.reason}</Td>
            <Td className="text-xs">{r.desired.length === 0 ? "none" : r.desired.map((m) => <div key={m.id}><TextLink href={`/mappings/${m.id}`}>{m.gitlabPath} · {m.ref}</TextLink> <span className="text-slate-700">(aud {m.audience})</span></div>)}</Td>
          </Tr>
        ))}
      </tbody>
    </Table>
  );
}
