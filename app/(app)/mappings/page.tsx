import type { Metadata } from "next";
import { Button } from "@/components/ui/button";
import { Input, Label, Select } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { TextLink } from "@/components/ui/text-link";
import { requirePage } from "@/lib/auth/guard";
import { expireDueMappings } from "@/lib/approvals/service";
import { listMappings } from "@/lib/mappings/service";
import { can } from "@/lib/auth/permissions";
import { mappingUsageViews } from "@/lib/usage/service";
import { ZMappingFilters } from "@/lib/schemas/requests";
import { readPageQuery, type RawSearchParams } from "@/lib/schemas/search-params";
import { MappingsTable } from "@/components/mappings/mappings-table";
import { NumberedPager, pageHref } from "@/components/ui/pager";
import { listRoleOptions } from "@/lib/requests/service";
import { redirect } from "next/navigation";

export const metadata: Metadata = { title: "Mappings" };

const STATUSES = ["requested", "approved", "rejected", "revoked", "expired", "withdrawn"];

export default async function MappingsPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const user = await requirePage("mappings.view", "/mappings");
  const filters = readPageQuery(ZMappingFilters, await searchParams).data ?? ZMappingFilters.parse({});
  await expireDueMappings();
  const [{ rows, total, page, pageSize }, roles] = await Promise.all([listMappings(filters), listRoleOptions()]);
  // Usage evidence (who actually assumed what) is the access views' to show.
  const usage = can(user, "access.view") ? await mappingUsageViews(rows.map((r) => r.id)) : undefined;
  const params = { status: filters.status, roleId: filters.roleId, path: filters.path, risk: filters.risk, sort: filters.sort, dir: filters.dir, page: String(page) };
  // A page past the end shows the last page, and the URL says so.
  if (page !== filters.page) redirect(pageHref("/mappings", params, page));
  return (
    <section className="space-y-4">
      <PageHeader title="Mappings">
        <p>Every request and mapping (newest first unless you sort by a column). Open one for its approvals and history.</p>
      </PageHeader>
      <form method="get" className="flex flex-wrap items-end gap-3 text-sm" aria-label="Filter mappings">
        <div className="w-full sm:w-auto">
          <Label htmlFor="f-status">Status</Label>
          <Select id="f-status" name="status" defaultValue={filters.status ?? ""} fit="auto">
            <option value="">any</option>
            {STATUSES.map((s) => <option key={s} value={s}>{s}</option>)}
          </Select>
        </div>
        <div className="w-full sm:w-auto">
          <Label htmlFor="f-risk">Risk</Label>
          <Select id="f-risk" name="risk" defaultValue={filters.risk ?? ""} fit="auto">
            <option value="">any</option><option value="high">high</option><option value="normal">normal</option>
          </Select>
        </div>
        <div className="w-full sm:w-auto">
          <Label htmlFor="f-role">Role</Label>
          <Select id="f-role" name="roleId" defaultValue={filters.roleId ?? ""} fit="auto" className="sm:max-w-xs">
            <option value="">any</option>
            {roles.map((r) => <option key={r.id} value={r.id}>{r.name} ({r.accountName})</option>)}
          </Select>
        </div>
        <div className="w-full sm:w-auto">
          <Label htmlFor="f-path">GitLab path or ref contains</Label>
          <Input id="f-path" name="path" defaultValue={filters.path ?? ""} fit="auto" className="font-mono" />
        </div>
        <input type="hidden" name="sort" value={filters.sort} />
        <input type="hidden" name="dir" value={filters.dir} />
        <Button type="submit" size="sm">Filter</Button>
        <TextLink href="/mappings" className="py-1.5">Clear</TextLink>
      </form>
      <MappingsTable rows={rows} sort={filters.sort} dir={filters.dir} params={params} usage={usage} />
      <NumberedPager page={page} pageSize={pageSize} total={total} noun="mappings" params={params} basePath="/mappings" />
    </section>
  );
}
