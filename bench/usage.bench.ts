/**
 * Usage evidence at the scale (#14 part 4): ingest 1,000,000 AssumeRoleWithWebIdentity
 * events in 1,000 CloudTrail log files (gzip JSON, `{"Records":[...]}`, 1,000 records each, in
 * the documented record format) into PostgreSQL, then time the usage API at that size.
 * - ingest: events/s through the production path (ingestTrailBuckets: list with StartAfter,
 *   streamed gunzip + Records splitter, batched idempotent inserts with the daily rollup), the
 *   S3 port replaced by a local folder of .json.gz files (moto's S3, a Python server on the same
 *   two cores, would measure moto); goal ≥ 20,000 events/s;
 * - memory: peak RSS while ingesting (sampled every 100 ms) and after the first 10 % of files
 *   against the end, which shows it flat (a file's events are never all held);
 * - api: roleUsage (GET /api/v1/access/usage) for a role with 10,000 events and 20 mappings, 50
 *   requests after 5 warm-ups; goal p95 < 200 ms.
 * - moto: the same ingest of BENCH_USAGE_MOTO_FILES files (default 20) through moto's S3, for
 *   reference (no goal).
 * Scale: BENCH_USAGE_FILES (default 1000) × BENCH_USAGE_EVENTS (default 1000); BENCH_USAGE_BATCH
 * overrides the insert batch (default: the product's, 2000).
 *
 * lib/usage modules are `server-only`, which resolves only under the react-server condition, so
 * the measuring half runs in a child process started with it (as `npm start` does).
 */
import { spawnSync } from "node:child_process";
import { createReadStream, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const FILES = Number(process.env.BENCH_USAGE_FILES ?? 1000);
const EVENTS = Number(process.env.BENCH_USAGE_EVENTS ?? 1000);
const MOTO_FILES = Number(process.env.BENCH_USAGE_MOTO_FILES ?? 20);
const ROLES = 100;
const MAPPINGS_PER_ROLE = 20;
const REQUESTS = 50;
const WARMUP = 5;
const INGEST_GOAL = 20_000;
const API_GOAL_MS = 200;
const ACCOUNT = "111122223333";
const ORG = "o-abcdefghij";
const PROVIDER = `arn:aws:iam::${ACCOUNT}:oidc-provider/gitlab.example.com`;
const AUDIENCE = "https://gitlab.example.com";
const DAY = 86_400_000;
const BATCH = Number(process.env.BENCH_USAGE_BATCH ?? 2000);

export default async function run(): Promise<void> {
  const self = fileURLToPath(import.meta.url);
  const tsx = path.resolve(path.dirname(self), "../node_modules/.bin/tsx");
  // --expose-gc: the memory line reports the live heap after full collections (see child()).
  const result = spawnSync(tsx, ["--expose-gc", "--conditions=react-server", self, "--child"], { stdio: "inherit" });
  if (result.status !== 0) throw new Error(`usage bench child exited with ${result.status ?? result.signal}`);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

const pad = (n: number) => String(n).padStart(2, "0");
const roleArn = (r: number) => `arn:aws:iam::${ACCOUNT}:role/app-${r}`;
const subOf = (r: number, m: number) => `project_path:team-${r}/svc-${m}:ref_type:branch:ref:main`;

/**
 * One record as CloudTrail writes it (the documented AssumeRoleWithWebIdentity example), built
 * as text: JSON.stringify of 1M objects would dominate the set-up time, not the measurement.
 */
function recordText(eventId: string, time: Date, role: number, sub: string, denied: boolean): string {
  const arn = roleArn(role);
  const t = time.toISOString().replace(/\.\d{3}Z$/, "Z");
  const identity = `{"type":"WebIdentityUser","principalId":"${PROVIDER}:${AUDIENCE}:${sub}","userName":"${sub}","identityProvider":"${PROVIDER}"}`;
  const response = denied
    ? "null"
    : `{"credentials":{"accessKeyId":"ASIAIOSFODNN7EXAMPLE","sessionToken":"<encoded session token blob>","expiration":"Jul 9, 2024, 4:41:37 PM"},"subjectFromWebIdentityToken":"${sub}","assumedRoleUser":{"assumedRoleId":"AROA123456789EXAMPLE:GitLabRunner","arn":"arn:aws:sts::${ACCOUNT}:assumed-role/app-${role}/GitLabRunner"},"provider":"${PROVIDER}","audience":"${AUDIENCE}"}`;
  return (
    `{"eventVersion":"1.08","userIdentity":${identity},"eventTime":"${t}","eventSource":"sts.amazonaws.com","eventName":"AssumeRoleWithWebIdentity","awsRegion":"us-east-2",` +
    `"sourceIPAddress":"192.0.2.${(role % 250) + 1}","userAgent":"aws-cli/2.13.29 Python/3.11.6 Linux/6.1 exe/x86_64 prompt/off command/sts.assume-role-with-web-identity",` +
    (denied ? `"errorCode":"AccessDenied","errorMessage":"Not authorized to perform sts:AssumeRoleWithWebIdentity",` : "") +
    `"requestParameters":{"roleArn":"${arn}","roleSessionName":"GitLabRunner","durationSeconds":3600},"responseElements":${response},` +
    `"additionalEventData":{"identityProviderConnectionVerificationMethod":"IAMTrustStore"},"requestID":"${eventId}-req","eventID":"${eventId}","readOnly":true,` +
    `"resources":[{"accountId":"${ACCOUNT}","type":"AWS::IAM::Role","ARN":"${arn}"}],"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"${ACCOUNT}","eventCategory":"Management",` +
    `"tlsDetails":{"tlsVersion":"TLSv1.3","cipherSuite":"TLS_AES_128_GCM_SHA256","clientProvidedHostHeader":"sts.us-east-2.amazonaws.com"}}`
  );
}

/** Files spread over the last 89 days, events of every role mixed, ~2 % denied, ~3 % by subjects no mapping admits. */
function writeLogFiles(dir: string, files: number, now: Date): { keys: string[]; bytes: number } {
  const keys: string[] = [];
  let bytes = 0;
  const span = 89 * DAY;
  const start = now.getTime() - span - 3_600_000;
  let n = 0;
  for (let f = 0; f < files; f++) {
    const delivered = new Date(Math.floor((start + (span * f) / files) / 60_000) * 60_000);
    const stamp = `${delivered.getUTCFullYear()}${pad(delivered.getUTCMonth() + 1)}${pad(delivered.getUTCDate())}T${pad(delivered.getUTCHours())}${pad(delivered.getUTCMinutes())}Z`;
    const key = `AWSLogs/${ORG}/${ACCOUNT}/CloudTrail/us-east-2/${delivered.getUTCFullYear()}/${pad(delivered.getUTCMonth() + 1)}/${pad(delivered.getUTCDate())}/${ACCOUNT}_CloudTrail_us-east-2_${stamp}_${String(f).padStart(16, "0")}.json.gz`;
    const records: string[] = [];
    for (let e = 0; e < EVENTS; e++, n++) {
      const role = n % ROLES;
      const kind = n % 100;
      const sub = kind < 3 ? `project_path:outsiders/tool-${n % 7}:ref_type:branch:ref:main` : subOf(role, Math.floor(n / ROLES) % MAPPINGS_PER_ROLE);
      records.push(recordText(`bench-${String(n).padStart(8, "0")}`, new Date(delivered.getTime() - (EVENTS - e) * 250), role, sub, kind === 99 || kind === 98));
    }
    const gz = gzipSync(`{"Records":[${records.join(",")}]}`, { level: 1 });
    bytes += gz.length;
    mkdirSync(path.join(dir, path.dirname(key)), { recursive: true });
    writeFileSync(path.join(dir, key), gz);
    keys.push(key);
  }
  return { keys: keys.sort(), bytes };
}

/** USER_HZ: 100 on every Linux architecture Node supports. */
const CLOCK_TICKS_PER_SECOND = 100;

/**
 * CPU seconds (user + system) the embedded PostgreSQL's processes have used so far, from /proc:
 * the postmaster (its pid is the first line of postmaster.pid) and its live children (the
 * backends of our connections, the WAL writer, the checkpointer...). undefined off Linux.
 */
function postgresCpuSeconds(clusterDir: string): number | undefined {
  try {
    const postmaster = Number(readFileSync(path.join(clusterDir, "postmaster.pid"), "utf8").split("\n")[0]);
    let ticks = 0;
    for (const entry of readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      let stat: string;
      try {
        stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      } catch {
        continue;
      }
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(entry) === postmaster || Number(fields[1]) === postmaster) ticks += Number(fields[11]) + Number(fields[12]);
    }
    return ticks / CLOCK_TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

function listAll(dir: string, rel = ""): string[] {
  return readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? listAll(dir, path.join(rel, d.name)) : [path.join(rel, d.name)]));
}

async function child(): Promise<void> {
  const { startEmbeddedPostgres } = await import("../lib/db/embedded");
  const { prepareDatabase } = await import("../lib/db/prepare");
  const { createPrismaClient } = await import("../lib/db/prisma");
  const tmp = mkdtempSync(path.join(os.tmpdir(), "trustmap-bench-usage-"));
  const dbDir = mkdtempSync(path.join(os.tmpdir(), "trustmap-bench-usage-db-"));
  const pg = await startEmbeddedPostgres({ dataDir: dbDir });
  try {
    await prepareDatabase({ migrationUrl: pg.ownerUrl, appUrl: pg.appUrl });
    process.env.DATABASE_URL = pg.appUrl;
    process.env.TRUSTMAP_CLOUDTRAIL_S3 = "s3://bench-trail";
    const db = createPrismaClient(pg.appUrl);
    const now = new Date();
    const seedStart = performance.now();
    const requester = await db.user.create({ data: { username: "bench-dev", name: "Dev" } });
    const account = await db.awsAccount.create({ data: { accountId: ACCOUNT, name: "bench", issuerUrl: "https://gitlab.example.com", oidcProviderArn: PROVIDER, audiences: [AUDIENCE], region: "us-east-2" } });
    for (let r = 0; r < ROLES; r++) {
      const role = await db.iamRole.create({ data: { awsAccountId: account.id, name: `app-${r}`, arn: roleArn(r) } });
      await db.mapping.createMany({
        data: Array.from({ length: MAPPINGS_PER_ROLE }, (_, m) => ({ scope: "project" as const, gitlabPath: `team-${r}/svc-${m}`, refType: "branch" as const, refPattern: "main", roleId: role.id, audience: AUDIENCE, status: "approved" as const, requesterId: requester.id, justification: "bench", createdAt: new Date(now.getTime() - 200 * DAY) })),
      });
    }
    const filesDir = path.join(tmp, "trail");
    const { keys, bytes } = writeLogFiles(filesDir, FILES, now);
    console.log(`usage.seed roles=${ROLES} mappings=${ROLES * MAPPINGS_PER_ROLE} files=${FILES} events=${FILES * EVENTS} gz_mb=${(bytes / 1048576).toFixed(1)} time_ms=${(performance.now() - seedStart).toFixed(0)}`);

    const { ingestTrailBuckets, roleUsage } = await import("../lib/usage/service");
    type Port = NonNullable<Parameters<typeof ingestTrailBuckets>[1]>["bucket"];
    // The S3 port over a local folder: same listing semantics (sorted keys, StartAfter, delimiter folders).
    let opened = 0;
    const gc = (globalThis as { gc?: () => void }).gc;
    const heapAfterGc: number[] = [];
    const folderBucket: Port = () => ({
      async listFolders(_bucket, prefix) {
        const folders = new Set<string>();
        for (const key of keys) if (key.startsWith(prefix)) folders.add(prefix + key.slice(prefix.length).split("/")[0] + "/");
        return [...folders].filter((f) => keys.some((k) => k.startsWith(f) && k !== f)).sort();
      },
      async *listKeys(_bucket, prefix, startAfter) {
        const matching = keys.filter((k) => k.startsWith(prefix) && k > startAfter);
        for (let i = 0; i < matching.length; i += 1000) yield matching.slice(i, i + 1000);
      },
      async open(_bucket, key) {
        opened++;
        // With --expose-gc: the live heap after a full collection at every tenth of the files.
        if (gc && opened % Math.max(1, Math.floor(FILES / 10)) === 0) {
          gc();
          heapAfterGc.push(process.memoryUsage().heapUsed);
        }
        return createReadStream(path.join(filesDir, key), { highWaterMark: 64 * 1024 });
      },
      destroy() {},
    });
    if (listAll(filesDir).length !== FILES) throw new Error("log files were not all written");

    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    let peakAtTenth = baseline;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
      if (opened <= FILES / 10) peakAtTenth = peak;
    }, 100);
    const clusterDir = path.join(dbDir, "pg");
    const pgCpuBefore = postgresCpuSeconds(clusterDir);
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const { run } = await ingestTrailBuckets("cli", { bucket: folderBucket, now: () => now, ...(process.env.BENCH_USAGE_BATCH ? { batchSize: BATCH } : {}) });
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const trustmapCpu = (cpu.user + cpu.system) / 1e6;
    const pgCpuAfter = postgresCpuSeconds(clusterDir);
    const pgCpu = pgCpuBefore === undefined || pgCpuAfter === undefined ? undefined : pgCpuAfter - pgCpuBefore;
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    if (!run || run.status !== "succeeded") throw new Error(`ingest did not succeed: ${JSON.stringify(run?.problems.slice(0, 3))}`);
    const total = FILES * EVENTS;
    if (run.counts.inserted !== total) throw new Error(`expected ${total} inserted, got ${run.counts.inserted}`);
    const rate = total / seconds;
    console.log(`usage.ingest source=local-folder events=${total} files=${FILES} batch=${BATCH} time_ms=${(seconds * 1000).toFixed(0)} events_per_s=${rate.toFixed(0)} goal=>=${INGEST_GOAL}/s ratio=${(rate / INGEST_GOAL).toFixed(2)}`);
    // On a shared machine the wall clock measures the neighbours too: the CPU each side used says
    // what the work costs (events per CPU-second of trustmap, of PostgreSQL, and of both).
    const perCpu = (s?: number) => (s === undefined || s === 0 ? "n/a" : (total / s).toFixed(0));
    const [load1] = os.loadavg();
    console.log(
      `usage.ingest_cpu trustmap_cpu_s=${trustmapCpu.toFixed(1)} postgres_cpu_s=${pgCpu?.toFixed(1) ?? "n/a"} cpu_share_of_wall=${(((trustmapCpu + (pgCpu ?? 0)) / seconds) * 100).toFixed(0)}% ` +
        `events_per_trustmap_cpu_s=${perCpu(trustmapCpu)} events_per_postgres_cpu_s=${perCpu(pgCpu)} events_per_total_cpu_s=${perCpu(pgCpu === undefined ? undefined : trustmapCpu + pgCpu)} load_avg_1m=${load1?.toFixed(1)} cores=${os.cpus().length}`,
    );
    const mb = (b: number) => (b / 1048576).toFixed(0);
    console.log(
      `usage.memory baseline_rss_mb=${mb(baseline)} peak_rss_mb=${mb(peak)} peak_rss_first_10pct_files_mb=${mb(peakAtTenth)} growth_mb=${mb(peak - baseline)}` +
        ` live_heap_after_gc_mb_per_tenth=${heapAfterGc.length ? heapAfterGc.map(mb).join(",") : "n/a(run with --expose-gc)"}`,
    );

    await db.$executeRawUnsafe("analyze");
    const target = await db.iamRole.findUniqueOrThrow({ where: { arn: roleArn(7) } });
    const [eventsOfTarget, rollupRows] = await Promise.all([db.usageEvent.count({ where: { roleArn: target.arn } }), db.usageDaily.count()]);
    for (let i = 0; i < WARMUP; i++) await roleUsage(target.id);
    const samples: number[] = [];
    let grants = 0;
    const apiCpu = process.cpuUsage();
    const apiPgCpu = postgresCpuSeconds(clusterDir);
    for (let i = 0; i < REQUESTS; i++) {
      const t0 = performance.now();
      const view = await roleUsage(target.id);
      samples.push(performance.now() - t0);
      grants = view.grants.filter((g) => g.uses90d > 0).length;
    }
    if (grants !== MAPPINGS_PER_ROLE) throw new Error(`expected ${MAPPINGS_PER_ROLE} used grants, got ${grants}`);
    const apiCpuUsed = process.cpuUsage(apiCpu);
    const apiPgAfter = postgresCpuSeconds(clusterDir);
    samples.sort((a, b) => a - b);
    const p95 = percentile(samples, 95);
    const pgMs = apiPgCpu === undefined || apiPgAfter === undefined ? "n/a" : (((apiPgAfter - apiPgCpu) * 1000) / REQUESTS).toFixed(1);
    console.log(
      `usage.api role_events=${eventsOfTarget} total_events=${total} rollup_rows=${rollupRows} requests=${REQUESTS} p50_ms=${percentile(samples, 50).toFixed(1)} p95_ms=${p95.toFixed(1)} goal=<${API_GOAL_MS}ms ratio=${(API_GOAL_MS / p95).toFixed(2)}` +
        ` trustmap_cpu_ms_per_request=${((apiCpuUsed.user + apiCpuUsed.system) / 1000 / REQUESTS).toFixed(1)} postgres_cpu_ms_per_request=${pgMs}`,
    );
    await db.$disconnect();

    if (MOTO_FILES > 0) await viaMoto(keys.slice(0, MOTO_FILES), filesDir, now, pg.ownerUrl);
  } finally {
    await pg.stop();
    rmSync(tmp, { recursive: true, force: true });
    rmSync(dbDir, { recursive: true, force: true });
  }
  process.exit(0);
}

/** The same files through moto's S3 (reference only: moto is a Python server sharing the cores). */
async function viaMoto(keys: string[], filesDir: string, now: Date, ownerUrl: string): Promise<void> {
  let moto;
  try {
    const { startMoto } = await import("../tests/support/moto");
    moto = await startMoto();
  } catch (e) {
    console.log(`usage.moto skipped: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`);
    return;
  }
  try {
    const { S3Client, CreateBucketCommand, PutObjectCommand } = await import("@aws-sdk/client-s3");
    const { readFileSync } = await import("node:fs");
    const s3 = new S3Client({ region: "us-east-1", endpoint: moto.endpoint, forcePathStyle: true, credentials: { accessKeyId: "test", secretAccessKey: "test" } });
    await s3.send(new CreateBucketCommand({ Bucket: "bench-trail" }));
    for (const key of keys) await s3.send(new PutObjectCommand({ Bucket: "bench-trail", Key: key, Body: readFileSync(path.join(filesDir, key)) }));
    const { createPrismaClient } = await import("../lib/db/prisma");
    // Emptied as the owner: the app role may not truncate (least privilege).
    const db = createPrismaClient(ownerUrl);
    await db.$executeRawUnsafe("truncate usage_events, usage_daily, usage_cursors");
    await db.$disconnect();
    const { ingestTrailBuckets } = await import("../lib/usage/service");
    const { s3TrailBucket } = await import("../lib/aws/trail-bucket");
    Object.assign(process.env, moto.env);
    const started = performance.now();
    const { run } = await ingestTrailBuckets("cli", { bucket: () => s3TrailBucket({ endpoint: moto.endpoint }), now: () => now });
    const seconds = (performance.now() - started) / 1000;
    const events = keys.length * EVENTS;
    if (run?.counts.inserted !== events) throw new Error(`moto ingest stored ${run?.counts.inserted} of ${events}`);
    console.log(`usage.moto source=moto-s3 files=${keys.length} events=${events} time_ms=${(seconds * 1000).toFixed(0)} events_per_s=${(events / seconds).toFixed(0)} (reference, no goal)`);
  } finally {
    await moto.stop();
  }
}

if (process.argv.includes("--child")) await child();
