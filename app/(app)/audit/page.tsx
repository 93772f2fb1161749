import type { Metadata } from "next";
import Link from "next/link";
import { requirePage } from "@/lib/auth/guard";
import { can } from "@/lib/auth/permissions";
import { listAuditEvents, listAuditTypes } from "@/lib/audit/service";
import { ZAuditFilters } from "@/lib/schemas/audit";
import { AuditTable } from "@/components/audit/audit-table";
import { VerifyChainButton } from "@/components/audit/verify-chain-button";

export const metadata: Metadata = { title: "Audit log" };

const field = "mt-1 rounded border border-slate-300 px-2 py-1";

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePage("audit.view", "/audit");
  const raw = Object.fromEntries(Object.entries(await searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const filters = ZAuditFilters.parse(raw);
  const [{ rows, nextBefore }, types] = await Promise.all([listAuditEvents(filters), listAuditTypes()]);
  const kept = new URLSearchParams();
  for (const key of ["actor", "type", "role", "project", "from", "to"]) if (raw[key]) kept.set(key, raw[key]!);
  const olderHref = nextBefore ? `/audit?${new URLSearchParams([...kept.entries(), ["before", nextBefore]]).toString()}` : null;
  return (
    <section className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">Audit log</h1>
          <p className="mt-1 text-slate-600">Append-only: the database refuses to change or delete events, and each event carries the hash of the one before it.</p>
        </div>
        <div className="flex items-center gap-3">
          {can(user, "audit.export") ? <a href={`/api/v1/audit/export?${kept.toString()}`} className="rounded border border-slate-400 bg-white px-3 py-1.5 font-medium hover:bg-slate-100" download>Export CSV</a> : null}
        </div>
      </div>
      {can(user, "audit.verify") ? <VerifyChainButton /> : null}
      <form method="get" aria-label="Filter audit events" className="flex flex-wrap items-end gap-3 text-sm">
        <div><label htmlFor="a-actor" className="block font-medium">Actor</label><input id="a-actor" name="actor" defaultValue={filters.actor ?? ""} className={field} /></div>
        <div>
          <label htmlFor="a-type" className="block font-medium">Type</label>
          <select id="a-type" name="type" defaultValue={filters.type ?? ""} className={field}>
            <option value="">any</option>
            {types.map((t) => <option key={t} value={t}>{t}</option>)}
          </select>
        </div>
        <div><label htmlFor="a-role" className="block font-medium">Role (ARN or name part)</label><input id="a-role" name="role" defaultValue={filters.role ?? ""} className={field} /></div>
        <div><label htmlFor="a-project" className="block font-medium">Project path</label><input id="a-project" name="project" defaultValue={filters.project ?? ""} className={`${field} font-mono`} /></div>
        <div><label htmlFor="a-from" className="block font-medium">From</label><input id="a-from" name="from" type="date" defaultValue={raw.from ?? ""} className={field} /></div>
        <div><label htmlFor="a-to" className="block font-medium">To</label><input id="a-to" name="to" type="date" defaultValue={raw.to ?? ""} className={field} /></div>
        <button className="rounded bg-blue-700 px-3 py-1.5 font-medium text-white hover:bg-blue-800">Filter</button>
        <Link href="/audit" className="py-1.5 underline">Clear</Link>
      </form>
      <AuditTable rows={rows} />
      <nav aria-label="Pagination" className="flex gap-3 text-sm">
        {filters.before ? <Link href={`/audit?${kept.toString()}`} className="rounded border border-slate-300 px-2 py-1 hover:bg-slate-100">Newest</Link> : null}
        {olderHref ? <Link href={olderHref} className="rounded border border-slate-300 px-2 py-1 hover:bg-slate-100">Older →</Link> : <span className="px-2 py-1 text-slate-400">No older events</span>}
      </nav>
    </section>
  );
}
