import type { Metadata } from "next";
import Link from "next/link";
import { requirePage } from "@/lib/auth/guard";
import { expireDueMappings } from "@/lib/approvals/service";
import { listMappings } from "@/lib/mappings/service";
import { ZMappingFilters } from "@/lib/schemas/requests";
import { MappingsTable, Pager } from "@/components/mappings/mappings-table";

export const metadata: Metadata = { title: "Mappings" };

const STATUSES = ["requested", "approved", "rejected", "revoked", "expired", "withdrawn"];
const field = "mt-1 rounded border border-slate-300 px-2 py-1";

export default async function MappingsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePage("mappings.view", "/mappings");
  const raw = await searchParams;
  const filters = ZMappingFilters.parse(Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])));
  await expireDueMappings();
  const { rows, total, page, pageSize } = await listMappings(filters);
  const params = { status: filters.status, roleId: filters.roleId, path: filters.path, risk: filters.risk, page: String(page) };
  return (
    <section>
      <h1 className="text-2xl font-semibold">Mappings</h1>
      <p className="mt-1 mb-4 text-slate-600">Every request and mapping, newest first. Open one for its approvals and history.</p>
      <form method="get" className="mb-4 flex flex-wrap items-end gap-3 text-sm" aria-label="Filter mappings">
        <div>
          <label htmlFor="f-status" className="block font-medium">Status</label>
          <select id="f-status" name="status" defaultValue={filters.status ?? ""} className={field}>
            <option value="">any</option>
            {STATUSES.map((s) => <option key={s} value={s}>{s}</option>)}
          </select>
        </div>
        <div>
          <label htmlFor="f-risk" className="block font-medium">Risk</label>
          <select id="f-risk" name="risk" defaultValue={filters.risk ?? ""} className={field}>
            <option value="">any</option><option value="high">high</option><option value="normal">normal</option>
          </select>
        </div>
        <div>
          <label htmlFor="f-path" className="block font-medium">GitLab path or ref contains</label>
          <input id="f-path" name="path" defaultValue={filters.path ?? ""} className={`${field} font-mono`} />
        </div>
        {filters.roleId ? <input type="hidden" name="roleId" value={filters.roleId} /> : null}
        <button className="rounded bg-blue-700 px-3 py-1.5 font-medium text-white hover:bg-blue-800">Filter</button>
        {filters.roleId ? <span className="rounded bg-slate-200 px-2 py-1">role filter on · <Link href="/mappings" className="underline">clear all</Link></span> : null}
      </form>
      <MappingsTable rows={rows} />
      <Pager page={page} pageSize={pageSize} total={total} params={params} basePath="/mappings" />
    </section>
  );
}
