/** The projects of the last successful scan with their method, evidence (keys only), key age and migration step. */
import Link from "next/link";
import { METHOD_LABEL, type VariableEvidence } from "@/lib/inventory/classify";
import type { MigrationState } from "@/lib/inventory/migration";
import { ACCESS_METHODS, type TAccessMethod, type TInventoryFilters } from "@/lib/schemas/inventory";

export interface InventoryTableRow {
  id: string;
  projectPath: string;
  webUrl: string;
  method: TAccessMethod;
  evidence: VariableEvidence[];
  accessKeyId: string | null;
  keyStatus: string | null;
  keyAgeDays: number | null;
  keyLastUsed: string | null;
  keyLastUsedService: string | null;
  keyLookupNote: string | null;
  migration: MigrationState;
}

const BADGE: Record<TAccessMethod, string> = {
  static_keys: "bg-red-100 text-red-900",
  oidc_trustmap: "bg-green-100 text-green-900",
  oidc_foreign: "bg-amber-100 text-amber-900",
  none: "bg-slate-100 text-slate-800",
};

const where = (e: VariableEvidence) => `${e.level} ${e.owner}${e.environmentScope === "*" ? "" : `, environment ${e.environmentScope}`}`;

function Evidence({ items }: { items: VariableEvidence[] }) {
  if (items.length === 0) return <span className="text-slate-500">no AWS-related variable keys</span>;
  return (
    <ul>
      {items.map((e) => (
        <li key={`${e.level}:${e.owner}:${e.key}:${e.environmentScope}`}>
          <code>{e.key}</code> <span className="text-xs text-slate-600">({where(e)}{e.managedByTrustmap ? ", managed by trustmap" : ""})</span>
        </li>
      ))}
    </ul>
  );
}

function KeyInfo({ row }: { row: InventoryTableRow }) {
  if (row.method !== "static_keys") return <span className="text-slate-500">–</span>;
  if (!row.accessKeyId) return <span className="text-slate-600">key id not readable (hidden or not an AKIA/ASIA value)</span>;
  return (
    <div>
      <code data-testid="access-key-id">{row.accessKeyId}</code>
      {row.keyStatus ? <span className="ml-1 text-xs">({row.keyStatus})</span> : null}
      {row.keyAgeDays !== null ? <div>{row.keyAgeDays} days old at the scan</div> : null}
      {row.keyLookupNote ? (
        <div className="text-xs text-slate-600">{row.keyLookupNote}</div>
      ) : (
        <div>last used {row.keyLastUsed ? `${row.keyLastUsed.slice(0, 10)}${row.keyLastUsedService ? ` (${row.keyLastUsedService})` : ""}` : "never"}</div>
      )}
    </div>
  );
}

function Migration({ state }: { state: MigrationState }) {
  switch (state.kind) {
    case "not_applicable":
      return <span className="text-slate-500">–</span>;
    case "migrated":
      return <span className="font-medium text-green-800">Migrated {state.at.toISOString().slice(0, 10)}</span>;
    case "on_keys":
      return <Link href={state.moveHref} className="rounded border border-blue-700 px-2 py-1 text-blue-800 hover:bg-blue-50">Move to OIDC</Link>;
    case "mapping_requested":
      return <span>OIDC mapping requested; waiting for approval.</span>;
    case "ready_to_clean":
      return (
        <div data-testid="cleanup">
          <p className="font-medium">OIDC mapping approved. Now:</p>
          <ol className="list-decimal pl-5">
            {state.variablesToDelete.map((e) => (
              <li key={`${e.level}:${e.owner}:${e.key}:${e.environmentScope}`}>delete variable <code>{e.key}</code> from {where(e)}</li>
            ))}
            <li>{state.accessKeyToDeactivate ? <>deactivate access key <code>{state.accessKeyToDeactivate}</code> in IAM</> : "deactivate the IAM access key these variables held"}</li>
          </ol>
          <p className="text-xs text-slate-600">The next scan marks the project migrated once the key variables are gone.</p>
        </div>
      );
  }
}

export function InventoryFilters({ filters }: { filters: TInventoryFilters }) {
  return (
    <form method="get" className="flex flex-wrap items-end gap-3 print:hidden" aria-label="Filter inventory">
      <div>
        <label htmlFor="f-q" className="block text-sm">Project path contains</label>
        <input id="f-q" name="q" defaultValue={filters.q ?? ""} className="mt-1 rounded border border-slate-300 px-2 py-1" />
      </div>
      <div>
        <label htmlFor="f-method" className="block text-sm">Method</label>
        <select id="f-method" name="method" defaultValue={filters.method ?? ""} className="mt-1 rounded border border-slate-300 px-2 py-1">
          <option value="">All</option>
          {ACCESS_METHODS.map((m) => <option key={m} value={m}>{METHOD_LABEL[m]}</option>)}
        </select>
      </div>
      <div>
        <label htmlFor="f-migration" className="block text-sm">Migration</label>
        <select id="f-migration" name="migration" defaultValue={filters.migration ?? ""} className="mt-1 rounded border border-slate-300 px-2 py-1">
          <option value="">Any</option>
          <option value="on_keys">Still on keys</option>
          <option value="ready">Ready to clean up</option>
          <option value="migrated">Migrated</option>
        </select>
      </div>
      <button className="rounded border border-slate-300 px-3 py-1 hover:bg-slate-100">Filter</button>
      <Link href="/inventory" className="text-sm text-blue-800 underline">Clear</Link>
    </form>
  );
}

export function InventoryTable({ rows }: { rows: InventoryTableRow[] }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full border-collapse bg-white text-sm" aria-label="Projects and how they reach AWS">
        <thead>
          <tr className="border-b text-left">
            <th scope="col" className="p-2">Project</th>
            <th scope="col" className="p-2">Method</th>
            <th scope="col" className="p-2">Evidence (variable keys)</th>
            <th scope="col" className="p-2">Access key</th>
            <th scope="col" className="p-2">Migration</th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? <tr><td colSpan={5} className="p-2 text-slate-600">No project matches.</td></tr> : null}
          {rows.map((r) => (
            <tr key={r.id} className="border-b align-top" data-testid={`inventory-row-${r.projectPath}`}>
              <th scope="row" className="p-2 text-left font-medium">{/^https?:\/\//.test(r.webUrl) ? <a href={r.webUrl} className="hover:underline">{r.projectPath}</a> : r.projectPath}</th>
              <td className="p-2"><span className={`rounded px-2 py-0.5 text-xs font-medium ${BADGE[r.method]}`}>{METHOD_LABEL[r.method]}</span></td>
              <td className="p-2"><Evidence items={r.evidence} /></td>
              <td className="p-2"><KeyInfo row={r} /></td>
              <td className="p-2"><Migration state={r.migration} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
