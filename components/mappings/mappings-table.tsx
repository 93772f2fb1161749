import type { MappingRow } from "@/lib/mappings/rows";
import type { MappingUsageView } from "@/lib/usage/views";
import { MappingUsageCell } from "@/components/usage/mapping-usage-cell";
import { Pager as PagerNav, pageHref } from "@/components/ui/pager";
import { EmptyRow, Table, Td, THead, Tr } from "@/components/ui/table";
import { TextLink } from "@/components/ui/text-link";
import { RiskBadge, StatusBadge, selectorText } from "./status-badge";

/** `usage`: per active mapping, its use from CloudTrail (absent: the viewer may not see usage). */
export function MappingsTable({ rows, usage }: { rows: MappingRow[]; usage?: Record<string, MappingUsageView> }) {
  return (
    <Table label="Mappings" minWidth={usage ? "min-w-[64rem]" : "min-w-[56rem]"}>
      <THead columns={["Who may assume", "Role", "Status", "Risk", "Requester", "Approvers", "Requested", "Expires", ...(usage ? ["Last used"] : [])]} />
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
            <Td className="whitespace-nowrap">{m.createdAt.slice(0, 10)}</Td>
            <Td className="whitespace-nowrap">{m.expiresAt ? m.expiresAt.slice(0, 10) : "—"}</Td>
            {usage ? <Td><MappingUsageCell usage={usage[m.id]} /></Td> : null}
          </Tr>
        ))}
      </tbody>
    </Table>
  );
}

/** Previous/next links over the mappings list, keeping the other search params. */
export function Pager({ page, pageSize, total, params, basePath }: { page: number; pageSize: number; total: number; params: Record<string, string | undefined>; basePath: string }) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return (
    <PagerNav previous={page > 1 ? pageHref(basePath, params, page - 1) : null} next={page < pages ? pageHref(basePath, params, page + 1) : null}>
      Page {page} of {pages} · {total.toLocaleString("en")} mappings
    </PagerNav>
  );
}
