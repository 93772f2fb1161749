/**
 * `npm run trustmap -- <command>`: trustmap from cron and CI.
 *
 *   plan | apply | drift [--json] [--yes]   the reconciler (scripts/cli/reconcile.ts)
 *   audit verify | audit checkpoint [--json] the audit trail (scripts/cli/audit.ts)
 *   import [--account ID] [--json]          roles that could be imported (scripts/cli/import.ts)
 *   usage [summary | setup] [--json]         usage evidence from CloudTrail (scripts/cli/usage.ts)
 *
 * Every command exits 1 on an error, with one line on stderr. Database: DATABASE_URL (the app's
 * role) and DATABASE_MIGRATION_URL (the owner), or the embedded PostgreSQL of `npm start`;
 * migrations and grants are applied first, as the owner, and the command runs as the app role.
 * The audit key: AUDIT_KEY, or in demo mode the one `npm start` keeps in the data folder.
 */
import { getDb } from "../lib/db/client";
import { prepareDatabase } from "../lib/db/prepare";
import { resolveDatabase } from "../lib/db/server";
import type { AuditCommand } from "./cli/audit";
import type { CliOptions } from "./cli/options";
import type { ReconcileCommand } from "./cli/reconcile";
import type { UsageCommand } from "./cli/usage";
import { runCli } from "./cli-support";
import { dataSecret } from "./data-secrets";

const USAGE = "usage: npm run trustmap -- plan | apply | drift [--json] [--yes] | audit verify | audit checkpoint [--json] | import [--account ID] [--json] | usage [summary | setup] [--json]";

const raw = process.argv.slice(2).filter((a) => a !== "--");
// --account takes a value (--account ID or --account=ID); it is not a command word.
const accountAt = raw.findIndex((a) => a === "--account" || a.startsWith("--account="));
const account = accountAt === -1 ? undefined : raw[accountAt]!.startsWith("--account=") ? raw[accountAt]!.slice("--account=".length) : raw[accountAt + 1];
const args = accountAt === -1 ? raw : raw.filter((_, i) => i !== accountAt && !(i === accountAt + 1 && raw[accountAt] === "--account"));
const words = args.filter((a) => !a.startsWith("--"));
const options: CliOptions = { json: args.includes("--json"), yes: args.includes("--yes"), ...(account === undefined ? {} : { account }) };

const RECONCILE: readonly string[] = ["plan", "apply", "drift"] satisfies ReconcileCommand[];
const AUDIT: readonly string[] = ["verify", "checkpoint"] satisfies AuditCommand[];
const USAGE_SUBCOMMANDS: readonly string[] = ["summary", "setup"] satisfies UsageCommand[];

/** The command the words name, loaded only when chosen (each group pulls in its own services). */
function route(): (() => Promise<number>) | null {
  const [group, sub] = words;
  if (group !== undefined && RECONCILE.includes(group)) return async () => (await import("./cli/reconcile")).runReconcileCommand(group as ReconcileCommand, options);
  if (group === "audit" && sub !== undefined && AUDIT.includes(sub)) return async () => (await import("./cli/audit")).runAuditCommand(sub as AuditCommand, options);
  if (group === "import" && sub === undefined) return async () => (await import("./cli/import")).runImportCommand(options);
  if (group === "usage" && (sub === undefined || USAGE_SUBCOMMANDS.includes(sub))) {
    return async () => (await import("./cli/usage")).runUsageCommand((sub ?? "ingest") as UsageCommand, options);
  }
  return null;
}

/** Demo mode as npm start decides it: TRUSTMAP_DEMO=1, or no GitLab sign-in configured and TRUSTMAP_DEMO not 0. */
function demoMode(): boolean {
  const demo = process.env.TRUSTMAP_DEMO;
  if (demo === "1" || demo === "true") return true;
  return demo !== "0" && demo !== "false" && !(process.env.AUTH_GITLAB_ID && process.env.AUTH_GITLAB_SECRET);
}

async function main(): Promise<number> {
  const command = route();
  // --account names a 12-digit account, and only for import.
  const badAccount = accountAt !== -1 && (account === undefined || !/^\d{12}$/.test(account) || words[0] !== "import");
  if (!command || badAccount) {
    console.error(USAGE);
    return 1;
  }
  if (!process.env.AUDIT_KEY && demoMode()) process.env.AUDIT_KEY = dataSecret("audit-key");
  const database = await resolveDatabase();
  try {
    await prepareDatabase({ migrationUrl: database.migrationUrl, appUrl: database.url });
    process.env.DATABASE_URL = database.url;
    return await command();
  } finally {
    if (process.env.DATABASE_URL) await getDb().$disconnect().catch(() => {});
    await database.stop();
  }
}

await runCli("trustmap", async () => {
  process.exitCode = await main();
});
// Pipes are synchronous on Linux, so everything printed is out; stray sockets must not keep us alive.
process.exit(process.exitCode);
