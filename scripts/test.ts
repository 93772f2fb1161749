/**
 * `npm test`: the whole suite, in order — type check, lint, unit, integration (real Postgres,
 * moto, the GitLab fake), end-to-end (Next.js + Chromium). Starts and stops every server it
 * needs. `--only <stage>` runs one stage (typecheck|lint|unit|integration|e2e); with `--only e2e`,
 * spec files named after it (`tests/e2e/x.spec.ts`) run alone.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort, startEmbeddedPostgres } from "../lib/db/embedded";
import { prepareDatabase } from "../lib/db/prepare";
import { OWNER_ROLE } from "../lib/db/roles";
import { createPrismaClient } from "../lib/db/prisma";
import { seedDemoIfEmpty } from "../lib/demo/seed";
import pgModule from "pg";
import { buildIsCurrent, sourceFingerprint, STAMP_FILE } from "./build-stamp";
import { startGitLabFake } from "../tests/fakes/gitlab";
import { startMoto } from "../tests/support/moto";

const root = path.resolve(import.meta.dirname, "..");
const bin = (name: string) => path.join(root, "node_modules", ".bin", name);
const onlyIdx = process.argv.indexOf("--only");
const only = onlyIdx >= 0 ? process.argv[onlyIdx + 1] : undefined;
const e2eSpecs = only === "e2e" ? process.argv.slice(2).filter((arg) => arg.endsWith(".spec.ts")) : [];

const results: { stage: string; ok: boolean; seconds: number }[] = [];
const children = new Set<ChildProcess>();

function run(cmd: string, args: string[], env: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
    children.add(child);
    child.on("exit", (code, signal) => {
      children.delete(child);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

async function stage(name: string, body: () => Promise<boolean>): Promise<void> {
  if (only && only !== name) return;
  console.log(`\n=== ${name} ===`);
  const t = Date.now();
  let ok = false;
  try {
    ok = await body();
  } catch (e) {
    console.error(`${name}: ${e instanceof Error ? e.message : String(e)}`);
  }
  results.push({ stage: name, ok, seconds: Math.round((Date.now() - t) / 100) / 10 });
}

async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url, { redirect: "manual" });
      if (res.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000}s`);
}

const E2E_GITLAB_TOKEN = "glpat-e2e-inventory";

/**
 * Projects on each method the inventory detects, under a group only the inventory specs scan, and
 * the read-only API token the app scans with. Values are fake; the secret is never read.
 */
function seedInventoryProjects(gitlab: Awaited<ReturnType<typeof startGitLabFake>>): void {
  gitlab.state.addUser({ username: "trustmap-scanner", name: "trustmap scanner" });
  // scope api: the same token lets the reconciler write variables in the reconcile specs.
  gitlab.state.addToken(E2E_GITLAB_TOKEN, "trustmap-scanner", ["api"]);
  const project = (path: string) => ({ kind: "project" as const, path });
  gitlab.state.addProject("e2e-inventory/payments");
  gitlab.state.addVariable(project("e2e-inventory/payments"), { key: "AWS_ACCESS_KEY_ID", value: "AKIAE2EINVENTORY0001" });
  gitlab.state.addVariable(project("e2e-inventory/payments"), { key: "AWS_SECRET_ACCESS_KEY", value: "e2eFakeSecretAccessKeyValue0000000000001", masked: true });
  gitlab.state.addProject("e2e-inventory/web/deployer");
  gitlab.state.addVariable(project("e2e-inventory/web/deployer"), { key: "ROLE_ARN", value: "arn:aws:iam::123456789012:role/e2e-deployer", description: "managed by trustmap" });
  gitlab.state.addProject("e2e-inventory/analytics");
  gitlab.state.addVariable(project("e2e-inventory/analytics"), { key: "TERRAFORM_ROLE_ARN", value: "arn:aws:iam::123456789012:role/e2e-terraform" });
  gitlab.state.addProject("e2e-inventory/docs");
}

/**
 * A second database on the same server for the sandbox app: migrated and seeded as `npm start`
 * seeds demo mode without GITLAB_TOKEN (the approved sample mapping applied to the sandbox).
 */
async function sandboxDatabase(pg: { superuserUrl: string; ownerUrl: string; appUrl: string }): Promise<string> {
  const admin = new pgModule.Client({ connectionString: pg.superuserUrl });
  await admin.connect();
  try {
    await admin.query(`create database trustmap_sandbox owner ${OWNER_ROLE}`);
  } finally {
    await admin.end();
  }
  const on = (url: string) => {
    const u = new URL(url);
    u.pathname = "/trustmap_sandbox";
    return u.toString();
  };
  const sandboxUrl = on(pg.appUrl);
  await prepareDatabase({ migrationUrl: on(pg.ownerUrl), appUrl: sandboxUrl });
  const db = createPrismaClient(sandboxUrl);
  try {
    await seedDemoIfEmpty(db, { reconcileSandbox: { databaseUrl: sandboxUrl } });
  } finally {
    await db.$disconnect();
  }
  return sandboxUrl;
}

/** This process's environment without anything that would connect an app to AWS or GitLab. */
function withoutCloud(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const copy = { ...env };
  for (const key of Object.keys(copy)) if (/^(AWS_|GITLAB_|AUTH_GITLAB_|TRUSTMAP_)/.test(key)) delete copy[key];
  return copy;
}

function startApp(port: number, env: NodeJS.ProcessEnv): ChildProcess {
  const server = spawn(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "start", "-p", String(port)], {
    cwd: root,
    env,
    stdio: ["ignore", "inherit", "inherit"],
  });
  children.add(server);
  return server;
}

async function e2e(): Promise<boolean> {
  if (!existsSync(process.env.CHROMIUM_PATH ?? "/usr/bin/chromium")) {
    throw new Error("Chromium is missing: apt-get install -y --no-install-recommends chromium");
  }
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "trustmap-e2e-"));
  const pg = await startEmbeddedPostgres({ dataDir });
  // The GitLab fake serves OAuth sign-in (and later the API) to the app under test.
  const gitlab = await startGitLabFake();
  // moto stands in for IAM, so Reconcile applies for real in the browser specs.
  const moto = await startMoto();
  let server: ChildProcess | undefined;
  let sandboxServer: ChildProcess | undefined;
  let jobs: ChildProcess | undefined;
  try {
    // Migrations as the owner; the seed and the app under test as the least-privileged app role,
    // so every spec also proves the app works with only the app role's grants.
    await prepareDatabase({ migrationUrl: pg.ownerUrl, appUrl: pg.appUrl });
    const auditKey = randomBytes(32).toString("base64url");
    process.env.AUDIT_KEY = auditKey; // the seed writes audit events
    const db = createPrismaClient(pg.appUrl);
    await seedDemoIfEmpty(db);
    await db.$disconnect();
    const sandboxDbUrl = await sandboxDatabase(pg);
    if (!buildIsCurrent(root)) {
      const fingerprint = sourceFingerprint(root);
      if ((await run(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build"])) !== 0) return false;
      writeFileSync(path.join(root, STAMP_FILE), fingerprint);
    }
    const port = await freePort();
    const baseUrl = `http://localhost:${port}`;
    gitlab.state.addOAuthApp({ clientId: "trustmap-e2e", clientSecret: "e2e-oauth-secret", redirectUris: [`${baseUrl}/api/auth/callback/gitlab`] });
    gitlab.state.addUser({ username: "gitlab-dev", name: "Gitta Lab" });
    gitlab.state.signInAs("gitlab-dev");
    seedInventoryProjects(gitlab);
    gitlab.state.addProject("e2e-reconcile/app", { defaultBranch: "main", branches: ["main"] });
    const env = {
      ...process.env,
      DATABASE_URL: pg.appUrl,
      DATABASE_MIGRATION_URL: "",
      AUDIT_KEY: auditKey,
      // Audit checkpoints of this run's database go with it, never to the developer's .data.
      TRUSTMAP_DATA_DIR: dataDir,
      TRUSTMAP_AUDIT_S3: "",
      PORT: String(port),
      TRUSTMAP_DEMO: "1",
      AUTH_SECRET: randomBytes(32).toString("base64url"),
      AUTH_TRUST_HOST: "1",
      GITLAB_URL: gitlab.url,
      AUTH_GITLAB_ID: "trustmap-e2e",
      AUTH_GITLAB_SECRET: "e2e-oauth-secret",
      GITLAB_TOKEN: E2E_GITLAB_TOKEN,
      ...moto.env,
      AWS_ENDPOINT_URL_IAM: moto.endpoint,
    };
    server = startApp(port, env);
    // The same build again, as a newcomer runs it: demo mode, no AWS and no GitLab configured, so
    // the built-in sandbox serves both. Its own database keeps the two apps' data apart.
    const sandboxPort = await freePort();
    const sandboxUrl = `http://localhost:${sandboxPort}`;
    sandboxServer = startApp(sandboxPort, {
      ...withoutCloud(process.env),
      DATABASE_URL: sandboxDbUrl,
      AUDIT_KEY: auditKey,
      TRUSTMAP_DATA_DIR: path.join(dataDir, "sandbox"),
      PORT: String(sandboxPort),
      TRUSTMAP_DEMO: "1",
      AUTH_SECRET: env.AUTH_SECRET,
      AUTH_TRUST_HOST: "1",
    });
    // The job runner npm start runs beside the server (same jobs, same configuration): it delivers
    // notifications, which demo mode keeps in the outbox the notification specs read.
    jobs = spawn(bin("tsx"), ["--conditions=react-server", path.join(root, "scripts/job-runner.ts")], { cwd: root, env, stdio: ["ignore", "inherit", "inherit"] });
    children.add(jobs);
    await Promise.all([waitForHttp(`${baseUrl}/signin`, 60_000), waitForHttp(`${sandboxUrl}/signin`, 60_000)]);
    const specEnv = { E2E_BASE_URL: baseUrl, E2E_DATABASE_URL: pg.appUrl, E2E_MOTO_ENDPOINT: moto.endpoint, E2E_GITLAB_URL: gitlab.url, E2E_SANDBOX_URL: sandboxUrl, E2E_SANDBOX_DATABASE_URL: sandboxDbUrl };
    return (await run(bin("playwright"), ["test", ...e2eSpecs], specEnv)) === 0;
  } finally {
    server?.kill("SIGTERM");
    sandboxServer?.kill("SIGTERM");
    if (jobs && jobs.exitCode === null) {
      const exited = new Promise((resolve) => jobs!.once("exit", resolve));
      jobs.kill("SIGTERM");
      // It stops its workers before the database goes away; a stuck one is killed after 20 s.
      const stuck = setTimeout(() => jobs!.kill("SIGKILL"), 20_000);
      await exited;
      clearTimeout(stuck);
    }
    await gitlab.stop();
    await moto.stop();
    await pg.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

process.on("SIGINT", () => {
  for (const c of children) c.kill("SIGTERM");
  process.exit(130);
});

await stage("typecheck", async () => (await run(bin("tsc"), ["--noEmit", "-p", "tsconfig.json"])) === 0);
await stage("lint", async () => (await run(bin("eslint"), ["."])) === 0);
await stage("unit", async () => (await run(bin("vitest"), ["run", "--project", "unit"])) === 0);
await stage("integration", async () => (await run(bin("vitest"), ["run", "--project", "integration"])) === 0);
await stage("e2e", e2e);

console.log("\n=== summary ===");
for (const r of results) console.log(`${r.ok ? "PASS" : "FAIL"}  ${r.stage}  ${r.seconds}s`);
const failed = results.filter((r) => !r.ok).length;
console.log(`stages: ${results.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 && results.length > 0 ? 0 : 1);
