import type { Metadata } from "next";
import { Button, buttonClass } from "@/components/ui/button";
import { Input, Label, Select } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { Pager } from "@/components/ui/pager";
import { TextLink } from "@/components/ui/text-link";
import { requirePage } from "@/lib/auth/guard";
import { can } from "@/lib/auth/permissions";
import { listAuditEvents, listAuditTypes } from "@/lib/audit/service";
import { ZAuditFilters } from "@/lib/schemas/audit";
import { readPageQuery, type RawSearchParams } from "@/lib/schemas/search-params";
import { AuditTable } from "@/components/audit/audit-table";
import { VerifyChainButton } from "@/components/audit/verify-chain-button";
import { redirect } from "next/navigation";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const user = await requirePage("audit.view", "/audit");
  // A filter the schema refuses is dropped (the page shows the events without it), never a 500.
  const { data, values: raw } = readPageQuery(ZAuditFilters, await searchParams);
  const filters = data ?? ZAuditFilters.parse({});
  const [{ rows, nextBefore }, types] = await Promise.all([listAuditEvents(filters), listAuditTypes()]);
  const keptValues: Record<string, string> = {};
  for (const key of ["actor", "type", "role", "project", "from", "to"]) if (raw[key]) keptValues[key] = raw[key]!;
  const kept = new URLSearchParams(keptValues);
  const ordered = new URLSearchParams([...kept.entries(), ["sort", filters.sort], ["dir", filters.dir]]);
  const firstHref = `/audit?${ordered.toString()}`;
  // A cursor past the end (or to an event that is gone) shows the first page rather than an empty one.
  if (filters.before && rows.length === 0) redirect(firstHref);
  const nextHref = nextBefore ? `/audit?${new URLSearchParams([...ordered.entries(), ["before", nextBefore]]).toString()}` : null;
  const newestFirst = filters.sort === "at" && filters.dir === "desc";
  return (
    <section className="space-y-4">
      <PageHeader
        title="Audit log"
        actions={can(user, "audit.export") ? <a href={`/api/v1/audit/export?${kept.toString()}`} className={buttonClass("secondary", "sm", "font-medium")} download>Export CSV</a> : null}
      >
        <p>Append-only: the database refuses to change or delete events, and each event carries the hash of the one before it.</p>
      </PageHeader>
      {can(user, "audit.verify") ? <VerifyChainButton /> : null}
      <form method="get" aria-label="Filter audit events" className="flex flex-wrap items-end gap-3 text-sm">
        <div className="w-full sm:w-auto"><Label htmlFor="a-actor">Actor</Label><Input id="a-actor" name="actor" defaultValue={filters.actor ?? ""} fit="auto" /></div>
        <div className="w-full sm:w-auto">
          <Label htmlFor="a-type">Type</Label>
          <Select id="a-type" name="type" defaultValue={filters.type ?? ""} fit="auto">
            <option value="">any</option>
            {types.map((t) => <option key={t} value={t}>{t}</option>)}
          </Select>
        </div>
        <div className="w-full sm:w-auto"><Label htmlFor="a-role">Role (ARN or name part)</Label><Input id="a-role" name="role" defaultValue={filters.role ?? ""} fit="auto" /></div>
        <div className="w-full sm:w-auto"><Label htmlFor="a-project">Project path</Label><Input id="a-project" name="project" defaultValue={filters.project ?? ""} fit="auto" className="font-mono" /></div>
        <div className="w-full sm:w-auto"><Label htmlFor="a-from">From</Label><Input id="a-from" name="from" type="date" defaultValue={raw.from ?? ""} fit="auto" /></div>
        <div className="w-full sm:w-auto"><Label htmlFor="a-to">To</Label><Input id="a-to" name="to" type="date" defaultValue={raw.to ?? ""} fit="auto" /></div>
        <input type="hidden" name="sort" value={filters.sort} />
        <input type="hidden" name="dir" value={filters.dir} />
        <Button type="submit" size="sm">Filter</Button>
        <TextLink href="/audit" className="py-1.5">Clear</TextLink>
      </form>
      <AuditTable rows={rows} sort={filters.sort} dir={filters.dir} params={keptValues} />
      <Pager
        previous={filters.before ? firstHref : null}
        next={nextHref}
        labels={newestFirst ? { previous: "Newest", next: "Older →", noPrevious: null, noNext: "No older events" } : { previous: "First page", next: "Next →", noPrevious: null, noNext: "No more events" }}
      />
    </section>
  );
}
