import type { Metadata } from "next";
import { Button, buttonClass } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { Input, Label, Select } from "@/components/ui/field";
import { Alert } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { TextLink } from "@/components/ui/text-link";
import Link from "next/link";
import { sortHref } from "@/components/ui/sort-header";
import { requirePage } from "@/lib/auth/guard";
import { can } from "@/lib/auth/permissions";
import { isAppError } from "@/lib/errors";
import { listAccessRoles, whatCanProjectAssume, whoCanAssumeRole } from "@/lib/access/service";
import { ZAccessView, ZWhatCanAssumeQuery, ZWhoCanAssumeQuery } from "@/lib/schemas/access";
import { readPageQuery, type RawSearchParams } from "@/lib/schemas/search-params";
import { WhoCanAssumeTable } from "@/components/access/who-can-assume-table";
import { NotJudgedTable, WhatCanAssumeTable } from "@/components/access/what-can-assume-table";
import { utcTime } from "@/lib/format";
import { sandboxAccountIds } from "@/lib/sandbox/service";
import { SandboxNote } from "@/components/sandbox-badge";
import { RoleUsagePanel, UsageLastReadLine } from "@/components/usage/role-usage-panel";
import { roleUsagePanel, usageLastRead } from "@/lib/usage/service";

export const metadata: Metadata = { title: "Effective access" };

export default async function AccessPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const user = await requirePage("access.view", "/access");
  const given = await searchParams;
  const project = readPageQuery(ZAccessView, given).data?.view === "project";
  const roles = project ? [] : await listAccessRoles();
  // A bad parameter is dropped; without a valid roleId (or project and ref) the form shows alone.
  const who = project ? null : readPageQuery(ZWhoCanAssumeQuery, given);
  const what = project ? readPageQuery(ZWhatCanAssumeQuery, given) : null;
  const raw: Record<string, string | undefined> = (who ?? what)!.values;
  // A stale or mistyped roleId shows the picker again rather than an error page.
  const whoView = who?.data ? await whoCanAssumeRole(who.data).catch((e: unknown) => (isAppError(e) && e.code === "NOT_FOUND" ? null : Promise.reject(e))) : null;
  const whatView = what?.data ? await whatCanProjectAssume(what.data) : null;
  const exportable = can(user, "access.export");
  const sandboxAccounts = await sandboxAccountIds();
  const [roleUsage, lastRead] = await Promise.all([whoView ? roleUsagePanel(whoView.role.id) : null, usageLastRead()]);
  const exportQuery = (format: string) => new URLSearchParams(Object.entries({ ...raw, format }).filter((e): e is [string, string] => typeof e[1] === "string" && e[0] !== "view")).toString();

  return (
    <section className="space-y-4">
      <PageHeader title="Effective access">
        <p>Judged on the trust policies last read from IAM (not on what trustmap wants); the desired state is shown beside it, labelled as such, with the differences highlighted.</p>
        <SandboxNote accountIds={sandboxAccounts} gitlab={false} />
        <UsageLastReadLine run={lastRead} />
      </PageHeader>
      <nav aria-label="Access views" className="flex flex-wrap gap-2 text-sm">
        <Link href="/access" aria-current={!project ? "page" : undefined} className={`rounded border px-3 py-1 ${!project ? "border-slate-800 bg-slate-800 text-white" : "border-slate-400 bg-white hover:bg-slate-100"}`}>Who can assume a role</Link>
        <Link href="/access?view=project" aria-current={project ? "page" : undefined} className={`rounded border px-3 py-1 ${project ? "border-slate-800 bg-slate-800 text-white" : "border-slate-400 bg-white hover:bg-slate-100"}`}>What can a project assume</Link>
      </nav>

      {!project ? (
        <>
          <form method="get" aria-label="Who can assume" className="flex flex-wrap items-end gap-3 text-sm">
            <div className="w-full sm:w-auto">
              <Label htmlFor="w-role">Role</Label>
              <Select id="w-role" name="roleId" defaultValue={who?.data ? who.data.roleId : ""} fit="auto" className="sm:max-w-md">
                <option value="">Pick a role…</option>
                {roles.map((r) => <option key={r.id} value={r.id}>{r.name} — {r.arn}</option>)}
              </Select>
            </div>
            <div className="w-full sm:w-auto"><Label htmlFor="w-q">Filter</Label><Input id="w-q" name="q" defaultValue={raw.q ?? ""} placeholder="project, ref or pattern" fit="auto" /></div>
            <div className="w-full sm:w-auto">
              <Label htmlFor="w-show">Show</Label>
              <Select id="w-show" name="show" defaultValue={raw.show ?? "all"} fit="auto">
                <option value="all">all grants</option><option value="managed">managed by trustmap</option><option value="foreign">not managed by trustmap</option><option value="differences">differences only</option>
              </Select>
            </div>
            {raw.sort ? <input type="hidden" name="sort" value={raw.sort} /> : null}
            {raw.dir ? <input type="hidden" name="dir" value={raw.dir} /> : null}
            <Button type="submit" size="sm">Show</Button>
          </form>
          {whoView ? (
            <div className="space-y-3">
              <div className="flex flex-wrap items-center justify-between gap-3">
                <div className="min-w-0">
                  <h2 className="text-lg font-medium break-words">Who can assume {whoView.role.name}</h2>
                  <p className="flex flex-wrap items-center gap-2 font-mono text-xs text-slate-700"><span className="min-w-0 break-all">{whoView.role.arn}</span><CopyButton text={whoView.role.arn} what="role ARN" className="font-sans" /></p>
                  <p className="text-sm" data-testid="actual-state">
                    {whoView.role.actualRead
                      ? `Actual trust policy read from IAM at ${(whoView.role.actualFetchedAt ? utcTime(whoView.role.actualFetchedAt) : "?")}. ${whoView.rows.length} of ${whoView.total} grants shown.`
                      : "Trust policy not read from IAM yet: showing the desired state only (approved mappings). It is read when an approver or admin runs Plan on the Reconcile page."}
                  </p>
                  {whoView.error ? <Alert className="mt-2">{whoView.error}</Alert> : null}
                </div>
                {exportable ? <ExportLinks endpoint="/api/v1/access/who-can-assume" query={exportQuery} /> : null}
              </div>
              {who?.data && who.data.sort !== "policy" ? <p className="text-sm"><TextLink href={sortHref("/access", raw, "policy", "asc")}>Back to the policy&apos;s own order</TextLink></p> : null}
              <WhoCanAssumeTable view={whoView} sort={who?.data ? who.data.sort : "policy"} dir={who?.data ? who.data.dir : "asc"} params={raw} />
              {roleUsage ? <RoleUsagePanel view={roleUsage} /> : null}
            </div>
          ) : <p className="text-sm text-slate-700">Pick a role to see every grant in its trust policy. <TextLink href="/how-it-works">How it works</TextLink></p>}
        </>
      ) : (
        <>
          <form method="get" aria-label="What can a project assume" className="flex flex-wrap items-end gap-3 text-sm">
            <input type="hidden" name="view" value="project" />
            <div className="w-full sm:w-auto"><Label htmlFor="p-project">Project path</Label><Input id="p-project" name="project" defaultValue={raw.project ?? ""} required placeholder="acme/web" fit="auto" className="font-mono" /></div>
            <div className="w-full sm:w-auto">
              <Label htmlFor="p-refType">Ref type</Label>
              <Select id="p-refType" name="refType" defaultValue={raw.refType ?? "branch"} fit="auto"><option value="branch">branch</option><option value="tag">tag</option></Select>
            </div>
            <div className="w-full sm:w-auto"><Label htmlFor="p-ref">Ref</Label><Input id="p-ref" name="ref" defaultValue={raw.ref ?? "main"} required fit="auto" className="font-mono" /></div>
            {raw.sort ? <input type="hidden" name="sort" value={raw.sort} /> : null}
            {raw.dir ? <input type="hidden" name="dir" value={raw.dir} /> : null}
            <Button type="submit" size="sm">Evaluate</Button>
          </form>
          {whatView && what?.data ? (
            <div className="space-y-3">
              <div className="flex flex-wrap items-center justify-between gap-3">
                <div className="min-w-0">
                  <h2 className="text-lg font-medium break-words">What {what.data.project} on {what.data.refType} {what.data.ref} can assume</h2>
                  <p className="font-mono text-xs break-all text-slate-700">sub = {whatView.sub}</p>
                  <p className="text-sm text-slate-700" data-testid="judged-state">
                    {whatView.rolesEvaluated} of {whatView.rolesChecked} roles judged on their trust policy as read from IAM
                    {whatView.rolesNotRead > 0 ? `; ${whatView.rolesNotRead} not read from IAM, so not judged (run a reconcile plan to read them)` : ""}.
                    {whatView.decision === "NotEvaluated" ? " Decision: NotEvaluated — no role could be judged." : ""}
                  </p>
                </div>
                {exportable ? <ExportLinks endpoint="/api/v1/access/what-can-assume" query={exportQuery} /> : null}
              </div>
              <WhatCanAssumeTable view={whatView} sort={what.data.sort} dir={what.data.dir} params={raw} />
              <NotJudgedTable view={whatView} />
            </div>
          ) : <p className="text-sm text-slate-700">Give a project and a ref to evaluate its token against every role.</p>}
        </>
      )}
    </section>
  );
}

function ExportLinks({ endpoint, query }: { endpoint: string; query: (format: string) => string }) {
  return (
    <div className="flex flex-wrap gap-2">
      <a href={`${endpoint}?${query("csv")}`} className={buttonClass("secondary", "sm", "font-medium")} download>Export CSV</a>
      <a href={`${endpoint}?${query("json")}`} className={buttonClass("secondary", "sm", "font-medium")} download>Export JSON</a>
    </div>
  );
}
