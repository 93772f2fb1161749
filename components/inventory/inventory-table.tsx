/** The projects of the last successful scan with their method, evidence (keys only), key age and migration step. */
import Link from "next/link";
import { METHOD_LABEL, type VariableEvidence } from "@/lib/inventory/classify";
import type { MigrationState } from "@/lib/inventory/migration";
import { ACCESS_METHODS, type TAccessMethod, type TInventoryFilters } from "@/lib/schemas/inventory";
import { Badge, type Tone } from "@/components/ui/badge";
import { Button, buttonClass } from "@/components/ui/button";
import { Label, Input, Select } from "@/components/ui/field";
import { EmptyRow, RowHeader, Table, Td, THead, Tr } from "@/components/ui/table";
import { TextLink } from "@/components/ui/text-link";
import { utcTime } from "@/lib/format";

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

const BADGE: Record<TAccessMethod, Tone> = {
  static_keys: "red",
  oidc_trustmap: "green",
  oidc_foreign: "amber",
  none: "muted",
};

const where = (e: VariableEvidence) => `${e.level} ${e.owner}${e.environmentScope === "*" ? "" : `, environment ${e.environmentScope}`}`;

function Evidence({ items }: { items: VariableEvidence[] }) {
  if (items.length === 0) return <span className="text-slate-700">no AWS-related variable keys</span>;
  return (
    <ul>
      {items.map((e) => (
        <li key={`${e.level}:${e.owner}:${e.key}:${e.environmentScope}`}>
          <code className="break-all">{e.key}</code> <span className="text-xs text-slate-700">({where(e)}{e.managedByTrustmap ? ", managed by trustmap" : ""})</span>
        </li>
      ))}
    </ul>
  );
}

function KeyInfo({ row }: { row: InventoryTableRow }) {
  if (row.method !== "static_keys") return <span className="text-slate-700">–</span>;
  if (!row.accessKeyId) return <span className="text-slate-700">key id not readable (hidden or not an AKIA/ASIA value)</span>;
  return (
    <div>
      <code data-testid="access-key-id">{row.accessKeyId}</code>
      {row.keyStatus ? <span className="ml-1 text-xs">({row.keyStatus})</span> : null}
      {row.keyAgeDays !== null ? <div>{row.keyAgeDays} days old at the scan</div> : null}
      {row.keyLookupNote ? (
        <div className="text-xs text-slate-700">{row.keyLookupNote}</div>
      ) : (
        <div>last used {row.keyLastUsed ? `${utcTime(row.keyLastUsed)}${row.keyLastUsedService ? ` (${row.keyLastUsedService})` : ""}` : "never"}</div>
      )}
    </div>
  );
}

function Migration({ state }: { state: MigrationState }) {
  switch (state.kind) {
    case "not_applicable":
      return <span className="text-slate-700">–</span>;
    case "migrated":
      return <span className="font-medium text-green-800">Migrated {utcTime(state.at)}</span>;
    case "on_keys":
      return <Link href={state.moveHref} className={buttonClass("secondary", "xs", "whitespace-nowrap")}>Move to OIDC</Link>;
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
          <p className="text-xs text-slate-700">The next scan marks the project migrated once the key variables are gone.</p>
        </div>
      );
  }
}

export function InventoryFilters({ filters }: { filters: TInventoryFilters }) {
  return (
    <form method="get" className="flex flex-wrap items-end gap-3 text-sm print:hidden" aria-label="Filter inventory">
      <div className="w-full sm:w-auto">
        <Label htmlFor="f-q">Project path contains</Label>
        <Input id="f-q" name="q" defaultValue={filters.q ?? ""} fit="auto" />
      </div>
      <div className="w-full sm:w-auto">
        <Label htmlFor="f-method">Method</Label>
        <Select id="f-method" name="method" defaultValue={filters.method ?? ""} fit="auto">
          <option value="">All</option>
          {ACCESS_METHODS.map((m) => <option key={m} value={m}>{METHOD_LABEL[m]}</option>)}
        </Select>
      </div>
      <div className="w-full sm:w-auto">
        <Label htmlFor="f-migration">Migration</Label>
        <Select id="f-migration" name="migration" defaultValue={filters.migration ?? ""} fit="auto">
          <option value="">Any</option>
          <option value="on_keys">Still on keys</option>
          <option value="ready">Ready to clean up</option>
          <option value="migrated">Migrated</option>
        </Select>
      </div>
      <Button type="submit" variant="secondary" size="sm">Filter</Button>
      <TextLink href="/inventory" className="py-1.5">Clear</TextLink>
    </form>
  );
}

export function InventoryTable({ rows }: { rows: InventoryTableRow[] }) {
  return (
    <Table label="Projects and how they reach AWS" minWidth="min-w-[52rem]">
      <THead columns={["Project", "Method", "Evidence (variable keys)", "Access key", "Migration"]} />
      <tbody>
        {rows.length === 0 ? <EmptyRow colSpan={5}>No project matches.</EmptyRow> : null}
        {rows.map((r) => (
          <Tr key={r.id} data-testid={`inventory-row-${r.projectPath}`}>
            <RowHeader className="break-words">{/^https?:\/\//.test(r.webUrl) ? <a href={r.webUrl} className="text-blue-800 underline underline-offset-2">{r.projectPath}</a> : r.projectPath}</RowHeader>
            <Td><Badge tone={BADGE[r.method]}>{METHOD_LABEL[r.method]}</Badge></Td>
            <Td className=""><Evidence items={r.evidence} /></Td>
            <Td><KeyInfo row={r} /></Td>
            <Td className=""><Migration state={r.migration} /></Td>
          </Tr>
        ))}
      </tbody>
    </Table>
  );
}
