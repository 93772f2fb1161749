/**
 * `npm start`: database (embedded when DATABASE_URL is unset) → migrations and grants as the
 * owner → demo seed on an empty database → production build when the sources changed → Next.js on
 * PORT (3000), connected as the app's least-privileged role.
 * Any problem stops start-up with one line saying what to fix.
 */
import { spawn, spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { resolveDatabase } from "../lib/db/server";
import { MigrationError } from "../lib/db/migrate";
import { prepareDatabase } from "../lib/db/prepare";
import { auditTableExposure, describeAuditExposure } from "../lib/db/privileges";
import { createPrismaClient } from "../lib/db/prisma";
import { seedDemoIfEmpty } from "../lib/demo/seed";
import { dataDir } from "../lib/db/paths";
import { webServerEnv } from "./app-env";
import { config } from "../lib/config";
import { gitlabSource } from "../lib/gitlab/connection";
import { isAppError } from "../lib/errors";
import { buildIsCurrent, sourceFingerprint, STAMP_FILE } from "./build-stamp";
import { dataSecret } from "./data-secrets";
import type { JobRunner } from "../lib/jobs/runner";
import { startTrustmapJobs } from "./jobs";

const root = path.resolve(import.meta.dirname, "..");
const dev = process.argv.includes("--dev");

class StartupError extends Error {
  override name = "StartupError";
}

function log(line: string) {
  console.log(`trustmap: ${line}`);
}

async function main(): Promise<void> {
  const settings = config();
  const port = String(settings.port);
  // TRUSTMAP_DEMO: 1 → demo, 0 → never demo, unset → demo only when nobody could sign in otherwise.
  if (!settings.gitlab.oauth && !settings.demo) {
    if (settings.demoSetting === false) {
      throw new StartupError("TRUSTMAP_DEMO=0 turns demo mode off, but GitLab sign-in is not configured: set AUTH_GITLAB_ID and AUTH_GITLAB_SECRET (a GitLab OAuth application), or unset TRUSTMAP_DEMO to run the demo");
    }
    log("GitLab sign-in is not configured (AUTH_GITLAB_ID, AUTH_GITLAB_SECRET): starting in demo mode");
    process.env.TRUSTMAP_DEMO = "1";
  }
  const demo = config().demo;
  if (!process.env.AUTH_SECRET) {
    if (!demo) throw new StartupError("AUTH_SECRET is not set; generate one with `openssl rand -base64 32` and export it");
    // Demo mode keeps a generated AUTH_SECRET beside the embedded data, never in the repository.
    process.env.AUTH_SECRET = dataSecret("auth-secret");
  }
  if (!process.env.AUDIT_KEY) {
    if (!demo) throw new StartupError("AUDIT_KEY is not set; generate one with `openssl rand -base64 32`, export it and keep it out of the database (it keys the audit chain)");
    process.env.AUDIT_KEY = dataSecret("audit-key");
  }
  config(); // a bad AUDIT_KEY stops here, in one line
  if (!process.env.AUTH_URL) process.env.AUTH_TRUST_HOST ??= "1";

  const db = await resolveDatabase();
  const stopDb = async () => { await db.stop().catch(() => {}); };
  try {
    log(db.embedded ? `embedded PostgreSQL ready (data in ${path.relative(root, dataDir()) || dataDir()}/db)` : db.migrationUrl === db.url ? "using DATABASE_URL" : "using DATABASE_URL (migrations as DATABASE_MIGRATION_URL)");
    const { applied } = await prepareDatabase({ migrationUrl: db.migrationUrl, appUrl: db.url });
    log(applied.length ? `applied migrations: ${applied.join(", ")}` : "database schema is up to date");
    const exposed = describeAuditExposure(await auditTableExposure(db.url));
    if (exposed) log(exposed);
    if (demo) {
      const client = createPrismaClient(db.url);
      try {
        // On the sandbox GitLab the seed also applies its approved mapping, so the demo starts in sync.
        const sandboxOnly = gitlabSource()?.kind === "sandbox";
        if (await seedDemoIfEmpty(client, sandboxOnly ? { reconcileSandbox: { databaseUrl: db.url } } : {})) {
          log(`seeded demo personas and sample data${sandboxOnly ? " on the built-in sandbox AWS account and GitLab" : ""}`);
        }
      } finally {
        await client.$disconnect();
      }
    }
  } catch (e) {
    await stopDb();
    throw e;
  }

  // The web server gets the app role only (the owner's credentials stay in this process) and the data folder.
  const env = webServerEnv(process.env, { databaseUrl: db.url, port });
  const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
  if (!dev && !buildIsCurrent(root)) {
    log("building the app (first start or sources changed)…");
    const fingerprint = sourceFingerprint(root);
    const build = spawnSync(process.execPath, [nextBin, "build"], { cwd: root, env, stdio: "inherit" });
    if (build.status !== 0) {
      await stopDb();
      throw new StartupError("next build failed; see the output above");
    }
    writeFileSync(path.join(root, STAMP_FILE), fingerprint);
  }
  // The job runner works beside the web server, as the app role (the queue and its tables were
  // installed by the owner above). Every instance runs one; each job still runs once. It runs in
  // demo mode too: notifications are delivered (to the demo outbox) and mappings expire on time.
  process.env.DATABASE_URL = db.url;
  let jobs: JobRunner | null = null;
  try {
    // Start-up lines stay "trustmap: …" for the person at the terminal (and the one-line refusals
    // tests rely on); once serving, the job runner and the Next.js server write JSON lines (lib/log.ts).
    jobs = await startTrustmapJobs(db.url, log);
  } catch (e) {
    log(`job runner not started: ${e instanceof Error ? e.message : String(e)}`);
  }
  log(`serving http://localhost:${port}`);
  const child = spawn(process.execPath, [nextBin, dev ? "dev" : "start", "-p", port], { cwd: root, env, stdio: "inherit" });
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    child.kill(signal);
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  const code = await new Promise<number>((resolve) => child.on("exit", (c) => resolve(c ?? 0)));
  await jobs?.stop().catch(() => {});
  await stopDb();
  process.exit(code);
}

main().catch((e: unknown) => {
  if (e instanceof MigrationError || e instanceof StartupError || (isAppError(e) && e.code === "CONFIG")) {
    console.error(`trustmap: cannot start: ${e.message}`);
  } else {
    console.error("trustmap: cannot start: unexpected error", e);
  }
  process.exit(1);
});
