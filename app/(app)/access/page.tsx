import type { Metadata } from "next";
import Link from "next/link";
import { requirePage } from "@/lib/auth/guard";
import { can } from "@/lib/auth/permissions";
import { isAppError } from "@/lib/errors";
import { listAccessRoles, whatCanProjectAssume, whoCanAssumeRole } from "@/lib/db/access";
import { ZWhatCanAssumeQuery, ZWhoCanAssumeQuery } from "@/lib/schemas/access";
import { WhoCanAssumeTable } from "@/components/access/who-can-assume-table";
import { WhatCanAssumeTable } from "@/components/access/what-can-assume-table";
import { utcTime } from "@/lib/format";
import { sandboxAccountIds } from "@/lib/sandbox/service";
import { SandboxNote } from "@/components/sandbox-badge";

export const metadata: Metadata = { title: "Effective access" };

const field = "mt-1 rounded border border-slate-300 px-2 py-1";
const button = "rounded bg-blue-700 px-3 py-1.5 font-medium text-white hover:bg-blue-800";
const link = "rounded border border-slate-400 bg-white px-3 py-1.5 font-medium hover:bg-slate-100";

export default async function AccessPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePage("access.view", "/access");
  const raw = Object.fromEntries(Object.entries(await searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const project = raw.view === "project";
  const roles = project ? [] : await listAccessRoles();
  const who = !project ? ZWhoCanAssumeQuery.safeParse(raw) : null;
  const what = project ? ZWhatCanAssumeQuery.safeParse(raw) : null;
  // A stale or mistyped roleId shows the picker again rather than an error page.
  const whoView = who?.success ? await whoCanAssumeRole(who.data).catch((e: unknown) => (isAppError(e) && e.code === "NOT_FOUND" ? null : Promise.reject(e))) : null;
  const whatView = what?.success ? await whatCanProjectAssume(what.data) : null;
  const exportable = can(user, "access.export");
  const sandboxAccounts = await sandboxAccountIds();
  const exportQuery = (format: string) => new URLSearchParams(Object.entries({ ...raw, format }).filter((e): e is [string, string] => typeof e[1] === "string" && e[0] !== "view")).toString();

  return (
    <section className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold">Effective access</h1>
        <p className="mt-1 text-slate-600">Read from the trust policies last read from IAM (not only what trustmap wants), with differences to the desired state highlighted.</p>
        <SandboxNote accountIds={sandboxAccounts} gitlab={false} />
      </div>
      <nav aria-label="Access views" className="flex gap-2 text-sm">
        <Link href="/access" aria-current={!project ? "page" : undefined} className={`rounded px-3 py-1 ${!project ? "bg-slate-800 text-white" : "bg-white"}`}>Who can assume a role</Link>
        <Link href="/access?view=project" aria-current={project ? "page" : undefined} className={`rounded px-3 py-1 ${project ? "bg-slate-800 text-white" : "bg-white"}`}>What can a project assume</Link>
      </nav>

      {!project ? (
        <>
          <form method="get" aria-label="Who can assume" className="flex flex-wrap items-end gap-3 text-sm">
            <div>
              <label htmlFor="w-role" className="block font-medium">Role</label>
              <select id="w-role" name="roleId" defaultValue={who?.success ? who.data.roleId : ""} className={`${field} max-w-md`}>
                <option value="">Pick a role…</option>
                {roles.map((r) => <option key={r.id} value={r.id}>{r.name} — {r.arn}</option>)}
              </select>
            </div>
            <div><label htmlFor="w-q" className="block font-medium">Filter</label><input id="w-q" name="q" defaultValue={raw.q ?? ""} placeholder="project, ref or pattern" className={field} /></div>
            <div>
              <label htmlFor="w-show" className="block font-medium">Show</label>
              <select id="w-show" name="show" defaultValue={raw.show ?? "all"} className={field}>
                <option value="all">all grants</option><option value="managed">managed by trustmap</option><option value="foreign">not managed by trustmap</option><option value="differences">differences only</option>
              </select>
            </div>
            <button className={button}>Show</button>
          </form>
          {whoView ? (
            <div className="space-y-3">
              <div className="flex flex-wrap items-center justify-between gap-3">
                <div>
                  <h2 className="text-lg font-medium">Who can assume {whoView.role.name}</h2>
                  <p className="font-mono text-xs text-slate-500">{whoView.role.arn}</p>
                  <p className="text-sm" data-testid="actual-state">
                    {whoView.role.actualRead
                      ? `Actual trust policy read from IAM at ${(whoView.role.actualFetchedAt ? utcTime(whoView.role.actualFetchedAt) : "?")} UTC. ${whoView.rows.length} of ${whoView.total} grants shown.`
                      : "Trust policy not read from IAM yet: showing the desired state only (approved mappings). It is read when an approver or admin runs Plan on the Reconcile page."}
                  </p>
                  {whoView.error ? <p role="alert" className="text-red-700">{whoView.error}</p> : null}
                </div>
                {exportable ? <ExportLinks endpoint="/api/v1/access/who-can-assume" query={exportQuery} /> : null}
              </div>
              <WhoCanAssumeTable view={whoView} />
            </div>
          ) : <p className="text-sm text-slate-600">Pick a role to see every grant in its trust policy. <Link className="text-blue-800 underline" href="/how-it-works">How it works</Link></p>}
        </>
      ) : (
        <>
          <form method="get" aria-label="What can a project assume" className="flex flex-wrap items-end gap-3 text-sm">
            <input type="hidden" name="view" value="project" />
            <div><label htmlFor="p-project" className="block font-medium">Project path</label><input id="p-project" name="project" defaultValue={raw.project ?? ""} required placeholder="acme/web" className={`${field} font-mono`} /></div>
            <div>
              <label htmlFor="p-refType" className="block font-medium">Ref type</label>
              <select id="p-refType" name="refType" defaultValue={raw.refType ?? "branch"} className={field}><option value="branch">branch</option><option value="tag">tag</option></select>
            </div>
            <div><label htmlFor="p-ref" className="block font-medium">Ref</label><input id="p-ref" name="ref" defaultValue={raw.ref ?? "main"} required className={`${field} font-mono`} /></div>
            <button className={button}>Evaluate</button>
          </form>
          {whatView && what?.success ? (
            <div className="space-y-3">
              <div className="flex flex-wrap items-center justify-between gap-3">
                <div>
                  <h2 className="text-lg font-medium">What {what.data.project} on {what.data.refType} {what.data.ref} can assume</h2>
                  <p className="font-mono text-xs text-slate-500">sub = {whatView.sub}</p>
                  <p className="text-sm text-slate-600">{whatView.rolesChecked} roles evaluated{whatView.rolesNotRead > 0 ? `; ${whatView.rolesNotRead} not read from IAM yet (judged on their desired state)` : ""}.</p>
                </div>
                {exportable ? <ExportLinks endpoint="/api/v1/access/what-can-assume" query={exportQuery} /> : null}
              </div>
              <WhatCanAssumeTable view={whatView} />
            </div>
          ) : <p className="text-sm text-slate-600">Give a project and a ref to evaluate its token against every role.</p>}
        </>
      )}
    </section>
  );
}

function ExportLinks({ endpoint, query }: { endpoint: string; query: (format: string) => string }) {
  return (
    <div className="flex gap-2">
      <a href={`${endpoint}?${query("csv")}`} className={link} download>Export CSV</a>
      <a href={`${endpoint}?${query("json")}`} className={link} download>Export JSON</a>
    </div>
  );
}
