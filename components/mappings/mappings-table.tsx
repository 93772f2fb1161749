import type { MappingRow } from "@/lib/mappings/rows";
import type { MappingUsageView } from "@/lib/usage/views";
import { MappingUsageCell } from "@/components/usage/mapping-usage-cell";
import { SortableTHead, type SortColumn, type SortDirection } from "@/components/ui/sort-header";
import { EmptyRow, Table, Td, Tr } from "@/components/ui/table";
import { TextLink } from "@/components/ui/text-link";
import { selectorText } from "@/lib/mappings/model";
import { RiskBadge, StatusBadge } from "./status-badge";
import { utcTime } from "@/lib/format";

const COLUMNS: SortColumn[] = [
  { label: "Who may assume", key: "path" },
  { label: "Role", key: "role" },
  { label: "Status", key: "status" },
  { label: "Risk", key: "risk" },
  { label: "Requester", key: "requester" },
  { label: "Approvers" },
  { label: "Requested", key: "requested", first: "desc" },
  { label: "Expires", key: "expires" },
];

/**
 * The mappings, with headers that sort the list on the server (`sort`/`dir` in the URL).
 * `usage`: per active mapping, its use from CloudTrail (absent: the viewer may not see usage).
 */
export function MappingsTable({ rows, sort, dir, params, usage }: { rows: MappingRow[]; sort: string; dir: SortDirection; params: Record<string, string | undefined>; usage?: Record<string, MappingUsageView> }) {
  return (
    <Table label="Mappings" minWidth={usage ? "min-w-[64rem]" : "min-w-[56rem]"}>
      <SortableTHead columns={usage ? [...COLUMNS, { label: "Last used" }] : COLUMNS} sort={sort} dir={dir} basePath="/mappings" params={params} />
      <tbody>
        {rows.length === 0 ? <EmptyRow colSpan={usage ? 9 : 8}>No mapping matches.</EmptyRow> : null}
        {rows.map((m) => (
          <Tr key={m.id}>
            <Td className="font-mono text-xs break-words"><TextLink href={`/mappings/${m.id}`}>{selectorText(m)}</TextLink></Td>
            <Td><TextLink href={`/mappings?roleId=${m.role.id}`} title={m.role.arn}>{m.role.name}</TextLink></Td>
            <Td><StatusBadge status={m.status} /></Td>
            <Td><RiskBadge tier={m.riskTier} /></Td>
            <Td>{m.requester.username}</Td>
            <Td>{m.approvers.join(", ") || "—"}</Td>
            <Td className="whitespace-nowrap">{utcTime(m.createdAt)}</Td>
            <Td className="whitespace-nowrap">{m.expiresAt ? utcTime(m.expiresAt) : "—"}</Td>
            {usage ? <Td><MappingUsageCell usage={usage[m.id]} /></Td> : null}
          </Tr>
        ))}
      </tbody>
    </Table>
  );
}
