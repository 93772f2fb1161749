import type { AuditRow } from "@/lib/audit/rows";
import { SortableTHead, type SortColumn, type SortDirection } from "@/components/ui/sort-header";
import { EmptyRow, Table, Td, Tr } from "@/components/ui/table";
import { utcTime } from "@/lib/format";

function summary(data: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const key of ["gitlabPath", "ref", "roleName", "role", "reason", "status", "change", "action", "where", "via", "approvalsRemaining"]) {
    const v = data[key];
    if (v !== undefined && v !== null && v !== "") parts.push(`${key}: ${typeof v === "string" ? v : JSON.stringify(v)}`);
  }
  return parts.join(" · ");
}

const COLUMNS: SortColumn[] = [{ label: "#" }, { label: "At", key: "at", first: "desc" }, { label: "Actor", key: "actor" }, { label: "Event", key: "action" }, { label: "Details" }, { label: "Hash" }];

/** The events, with headers that sort the log on the server (`sort`/`dir` in the URL; a new order starts at its first page). */
export function AuditTable({ rows, sort, dir, params }: { rows: AuditRow[]; sort: string; dir: SortDirection; params: Record<string, string | undefined> }) {
  return (
    <Table label="Audit events" minWidth="min-w-[52rem]">
      <SortableTHead columns={COLUMNS} sort={sort} dir={dir} basePath="/audit" params={params} positionKeys={["before"]} />
      <tbody>
        {rows.length === 0 ? <EmptyRow colSpan={6}>No event matches.</EmptyRow> : null}
        {rows.map((e) => (
          <Tr key={e.id}>
            <Td className="tabular-nums text-slate-700">{e.id}</Td>
            <Td className="whitespace-nowrap tabular-nums">{utcTime(e.at, "second")}</Td>
            <Td>{e.actor}</Td>
            <Td className="font-medium break-words">{e.action}</Td>
            <Td className="text-xs break-words">
              {summary(e.data)}
              <details className="mt-1">
                <summary className="cursor-pointer text-slate-700">data</summary>
                <pre className="mt-1 max-w-xl text-xs whitespace-pre-wrap wrap-anywhere">{JSON.stringify({ resourceType: e.resourceType, resourceId: e.resourceId, ...e.data }, null, 2)}</pre>
              </details>
            </Td>
            <Td className="font-mono text-xs text-slate-700" title={`prev ${e.prevHash}`}>{e.hash.slice(0, 12)}…</Td>
          </Tr>
        ))}
      </tbody>
    </Table>
  );
}
