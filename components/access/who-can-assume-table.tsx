import type { AccessGrantRow } from "@/lib/access/grant-rows";
import type { WhoCanAssumeView } from "@/lib/access/who-can-assume";
import { CopyButton } from "@/components/ui/copy-button";
import { SortableTHead, type SortColumn, type SortDirection } from "@/components/ui/sort-header";
import { EmptyRow, Table, Td, Tr } from "@/components/ui/table";
import { TextLink } from "@/components/ui/text-link";
import { utcTime } from "@/lib/format";

const DIFF: Record<string, { label: string; tone: string }> = {
  "in-both": { label: "in IAM and desired", tone: "" },
  "actual-only": { label: "in IAM, not desired (next apply removes it)", tone: "bg-red-50" },
  "desired-only": { label: "desired, not in IAM yet (next apply adds it)", tone: "bg-amber-50" },
  foreign: { label: "not managed by trustmap", tone: "bg-slate-50" },
};

function Difference({ row, actualRead }: { row: AccessGrantRow; actualRead: boolean }) {
  if (!actualRead) return <span className="text-xs text-slate-700">desired only (IAM not read yet)</span>;
  const d = DIFF[row.difference ?? "in-both"]!;
  return <span className={`text-xs ${row.difference === "in-both" ? "text-green-800" : "font-medium text-red-800"}`}>{d.label}</span>;
}

const COLUMNS: SortColumn[] = [{ label: "Projects", key: "projects" }, { label: "Refs", key: "refs" }, { label: "sub pattern / statement", key: "pattern" }, { label: "From mapping (approval)" }, { label: "State", key: "state" }];

/** Every grant of the role, with headers that sort the rows on the server (`sort`/`dir` in the URL). */
export function WhoCanAssumeTable({ view, sort, dir, params }: { view: WhoCanAssumeView; sort: string; dir: SortDirection; params: Record<string, string | undefined> }) {
  return (
    <Table label="Grants in the trust policy" minWidth="min-w-[56rem]">
      <SortableTHead columns={COLUMNS} sort={sort} dir={dir} basePath="/access" params={params} />
      <tbody>
        {view.rows.length === 0 ? <EmptyRow colSpan={5}>No grant matches.</EmptyRow> : null}
        {view.rows.map((r, i) => (
          <Tr key={`${r.sid}-${r.pattern}-${i}`} className={DIFF[r.difference ?? "in-both"]?.tone ?? ""} data-testid="grant-row">
            <Td className="break-words">{r.projects}</Td>
            <Td className="break-words">{r.refs}</Td>
            <Td className="font-mono text-xs">
              <div className="flex items-start gap-2">
                <span className="min-w-0 break-all">{r.pattern ?? "(no sub condition)"}</span>
                {r.pattern ? <CopyButton text={r.pattern} what="sub pattern" className="font-sans" /> : null}
              </div>
              <div className="break-all text-slate-700">{r.effect} · {r.sid ?? "no Sid"} · aud {r.audiences.join(", ") || "(any)"}</div>
              {r.notes.map((n) => <div key={n} className="text-amber-800">{n}</div>)}
            </Td>
            <Td>
              {r.managed ? (
                r.mappings.length > 0 ? (
                  r.mappings.map((m) => (
                    <div key={m.id}>
                      <TextLink href={`/mappings/${m.id}`}>{m.scope} {m.gitlabPath} · {m.refType} {m.ref}</TextLink>
                      <div className="text-xs text-slate-700">requested by {m.requester}; approved by {m.approvers.join(", ") || "?"}{m.approvedAt ? ` at ${utcTime(m.approvedAt)}` : ""}</div>
                    </div>
                  ))
                ) : (
                  <span className="text-red-800">no approved mapping</span>
                )
              ) : (
                <span className="font-medium text-slate-700">not managed by trustmap</span>
              )}
            </Td>
            <Td><Difference row={r} actualRead={view.role.actualRead} /></Td>
          </Tr>
        ))}
      </tbody>
    </Table>
  );
}
