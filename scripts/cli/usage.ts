/**
 * `npm run trustmap -- usage [--json]`: ingest usage evidence from every configured source (the
 * trail bucket, LookupEvents for accounts no bucket covers, one drain of the SQS queue), then
 * print who assumed which managed role: per grant its last use and 30/90-day counts, callers no
 * mapping admits, denied attempts, and mappings unused for the configured number of days.
 * Exit 0; 1 when a source could not be read (named in the output; malformed files and records
 * are named too but are not failures).
 *
 * `usage summary [--json]`: the same summary without ingesting.
 * `usage setup [--json]`: the EventBridge rule, target and queue policy to create for
 * TRUSTMAP_USAGE_SQS_URL (trustmap creates nothing in AWS itself).
 */
import type { RoleUsageSummary, UsageRunResult } from "../../lib/usage/service";
import { output, type CliOptions } from "./options";

function line(run: UsageRunResult): string {
  const c = run.counts;
  const what = run.source === "s3" ? `${c.files} file(s)${c.badFiles ? ` + ${c.badFiles} skipped` : ""}` : run.source === "lookup" ? `${c.pages} page(s)` : `${c.messages} message(s)`;
  return `${run.source}: ${run.status} — ${what}, ${c.records} record(s), ${c.kept} call(s) to managed roles (${c.inserted} new, ${c.duplicates} already stored), ${c.unmanaged} to other roles, ${c.malformed} malformed; read until ${run.readUntil ?? "—"}`;
}

function printRuns(runs: UsageRunResult[]): void {
  if (runs.length === 0) console.log("No usage source is configured (TRUSTMAP_CLOUDTRAIL_S3, usage.accountTrails, LookupEvents, TRUSTMAP_USAGE_SQS_URL).");
  for (const run of runs) {
    console.log(line(run));
    for (const p of run.problems) console.log(`  ! [${p.kind === "source" ? "not read" : "skipped"}] ${p.where}: ${p.message}`);
    if (run.moreProblems > 0) console.log(`  ! … and ${run.moreProblems} more problem(s) (see the run ${run.runId})`);
  }
}

function day(iso: Date | string | null): string {
  if (iso === null) return "never";
  return (typeof iso === "string" ? iso : iso.toISOString()).slice(0, 16).replace("T", " ");
}

function printRoles(roles: RoleUsageSummary[], unusedDays: number): void {
  let unused = 0;
  for (const { role, readUntil, usage } of roles) {
    const used = usage.grants.some((g) => g.uses90d > 0) || usage.unmanagedSubjects.length > 0 || usage.denied.length > 0;
    if (!used && usage.mappings.length === 0) continue;
    console.log(`\n${role.name} (${role.arn}) — usage read until ${readUntil ?? "never"}`);
    const unusedIds = new Set(usage.mappings.filter((m) => m.unused).map((m) => m.mappingId));
    unused += unusedIds.size;
    for (const g of usage.grants) {
      const who = g.mappingId === null ? "not managed by trustmap" : `mapping ${g.mappingId}`;
      const flag = g.mappingId !== null && unusedIds.has(g.mappingId) ? `  REVOKE? unused for ${unusedDays} days` : "";
      console.log(`  ${g.pattern}  [${who}]  last used ${day(g.lastUsedAt)}, ${g.uses30d} in 30 days, ${g.uses90d} in 90 days${flag}`);
    }
    for (const s of usage.unmanagedSubjects) console.log(`  ~ assumed without a mapping: ${s.sub} (${s.uses90d} in 90 days, last ${day(s.lastUsedAt)})`);
    for (const d of usage.denied) console.log(`  ! denied: ${d.sub ?? "(token without sub)"} ×${d.count} (${d.errorCode}, last ${day(d.lastAt)})`);
  }
  console.log(`\n${unused} mapping(s) unused for ${unusedDays} days.`);
}

export type UsageCommand = "ingest" | "summary" | "setup";
export const USAGE_COMMANDS: readonly UsageCommand[] = ["ingest", "summary", "setup"];

/** Runs after the dispatcher (scripts/trustmap.ts) prepared the database. */
export async function runUsageCommand(sub: UsageCommand, { json }: CliOptions): Promise<number> {
  const service = await import("../../lib/usage/service");
  if (sub === "setup") {
    const setup = await service.usageSetupPlan();
    output(json, setup, () => {
      console.log(`EventBridge rule, event pattern:\n${JSON.stringify(setup.eventPattern, null, 2)}\n`);
      console.log(`Queue policy for ${setup.queue.arn}:\n${JSON.stringify(setup.queuePolicy, null, 2)}\n`);
      for (const c of setup.commands) console.log(c);
      for (const n of setup.notes) console.log(`\nNote: ${n}`);
    });
    return 0;
  }
  const runs = sub === "summary" ? [] : await service.ingestUsage("cli", { queue: true });
  const { unusedDays, roles } = await service.usageByRole(null);
  output(json, { runs, unusedDays, roles }, () => {
    if (sub !== "summary") printRuns(runs);
    printRoles(roles, unusedDays);
  });
  return runs.some((r) => r.status !== "succeeded") ? 1 : 0;
}
