/**
 * `npm start`: database (embedded when DATABASE_URL is unset) → migrations → demo seed on an
 * empty database → production build when the sources changed → Next.js on PORT (3000).
 * Any problem stops start-up with one line saying what to fix.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { resolveDatabase } from "../lib/db/server";
import { applyPendingMigrations, MigrationError } from "../lib/db/migrate";
import { createPrismaClient } from "../lib/db/prisma";
import { seedDemoIfEmpty } from "../lib/demo/seed";
import { dataDir } from "../lib/db/paths";
import { config } from "../lib/config";
import { gitlabSource } from "../lib/gitlab/connection";
import { isAppError } from "../lib/errors";
import { buildIsCurrent, sourceFingerprint, STAMP_FILE } from "./build-stamp";
import { startDriftSchedule, type DriftSchedule } from "../lib/reconcile/schedule";

const root = path.resolve(import.meta.dirname, "..");
const dev = process.argv.includes("--dev");

class StartupError extends Error {
  override name = "StartupError";
}

function log(line: string) {
  console.log(`trustmap: ${line}`);
}

/** Demo mode keeps a generated AUTH_SECRET beside the embedded data, never in the repository. */
function demoAuthSecret(): string {
  const file = path.join(dataDir(), "auth-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dataDir(), { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

async function main(): Promise<void> {
  const port = String(config().port);
  const gitlabOAuth = Boolean(process.env.AUTH_GITLAB_ID && process.env.AUTH_GITLAB_SECRET);
  if (!gitlabOAuth && process.env.TRUSTMAP_DEMO !== "1") {
    log("GitLab sign-in is not configured (AUTH_GITLAB_ID, AUTH_GITLAB_SECRET): starting in demo mode");
    process.env.TRUSTMAP_DEMO = "1";
  }
  const demo = process.env.TRUSTMAP_DEMO === "1";
  if (!process.env.AUTH_SECRET) {
    if (!demo) throw new StartupError("AUTH_SECRET is not set; generate one with `openssl rand -base64 32` and export it");
    process.env.AUTH_SECRET = demoAuthSecret();
  }
  if (!process.env.AUTH_URL) process.env.AUTH_TRUST_HOST ??= "1";

  const db = await resolveDatabase();
  const stopDb = async () => { await db.stop().catch(() => {}); };
  try {
    log(db.embedded ? `embedded PostgreSQL ready (data in ${path.relative(root, dataDir()) || dataDir()}/db)` : "using DATABASE_URL");
    const { applied } = await applyPendingMigrations(db.url);
    log(applied.length ? `applied migrations: ${applied.join(", ")}` : "database schema is up to date");
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

  const env = { ...process.env, DATABASE_URL: db.url, PORT: port };
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
  // Drift checks need a GitLab: an API token's, or the demo's sandbox. Without one every check would fail.
  let drift: DriftSchedule | null = null;
  if (gitlabSource() !== null) {
    process.env.DATABASE_URL = db.url;
    try {
      drift = await startDriftSchedule(db.url, log);
      log(drift.intervalMinutes ? `drift checks every ${drift.intervalMinutes} minutes` : "scheduled drift checks are off (setting)");
    } catch (e) {
      log(`drift schedule not started: ${e instanceof Error ? e.message : String(e)}`);
    }
  } else {
    log("scheduled drift checks are off: GITLAB_TOKEN is not set (and this is not demo mode, whose sandbox GitLab would serve)");
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
  await drift?.stop().catch(() => {});
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
