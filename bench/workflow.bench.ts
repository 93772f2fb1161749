/**
 * The access workflow's pages at the design's scale (DESIGN.md "Scale target"): 20,000 mappings
 * over 5,000 roles, one role with 200 grants in its actual trust policy. Times, server side, the
 * data loading each page does (the same service calls the page makes), 50 requests after 5 warm-ups:
 * - the mappings list (expire due mappings + first page with its total);
 * - the approval queue (expire due mappings + pending requests, high risk first);
 * - "who can assume" for the role with 200 grants (actual policy read, traced to mappings).
 * Goal: p95 under 200 ms each.
 *
 * Services are `server-only`, which resolves only under the react-server condition, so
 * the measuring half runs in a child process started with it (as `npm start` does).
 */
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROLES = 5_000;
const MAPPINGS = 20_000;
const TARGET_GRANTS = 200;
const REQUESTS = 50;
const WARMUP = 5;
const GOAL_MS = 200;
const PROVIDER = "arn:aws:iam::111122223333:oidc-provider/gitlab.com";

export default async function run(): Promise<void> {
  const self = fileURLToPath(import.meta.url);
  const tsx = path.resolve(path.dirname(self), "../node_modules/.bin/tsx");
  const result = spawnSync(tsx, ["--conditions=react-server", self, "--child"], { stdio: "inherit" });
  if (result.status !== 0) throw new Error(`workflow bench child exited with ${result.status ?? result.signal}`);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

async function time(name: string, rows: string, fn: () => Promise<unknown>): Promise<void> {
  for (let i = 0; i < WARMUP; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  const p50 = percentile(samples, 50);
  const p95 = percentile(samples, 95);
  console.log(`workflow.${name} ${rows} requests=${REQUESTS} p50_ms=${p50.toFixed(1)} p95_ms=${p95.toFixed(1)} goal=<${GOAL_MS}ms ratio=${(GOAL_MS / p95).toFixed(2)}`);
}

async function child(): Promise<void> {
  const { startEmbeddedPostgres } = await import("../lib/db/embedded");
  const { prepareDatabase } = await import("../lib/db/prepare");
  const { createPrismaClient } = await import("../lib/db/prisma");
  const { buildSubject, managedSid } = await import("../lib/policy");
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "trustmap-bench-workflow-"));
  const pg = await startEmbeddedPostgres({ dataDir });
  try {
    await prepareDatabase({ migrationUrl: pg.ownerUrl, appUrl: pg.appUrl });
    // The measured calls run as the app role, as in production; the bulk seed (and ANALYZE) as the owner.
    process.env.DATABASE_URL = pg.appUrl;
    process.env.AUDIT_KEY ||= randomBytes(32).toString("base64url");
    const db = createPrismaClient(pg.ownerUrl);
    const seedStart = performance.now();
    const requester = await db.user.create({ data: { username: "bench-dev", name: "Dev" } });
    const approver = await db.user.create({ data: { username: "bench-sec", name: "Sec", role: "approver" } });
    const account = await db.awsAccount.create({ data: { accountId: "111122223333", name: "bench", issuerUrl: "https://gitlab.com", oidcProviderArn: PROVIDER, audiences: ["https://gitlab.com"] } });
    await db.$executeRaw`
      insert into iam_roles (id, aws_account_id, name, arn, production, updated_at)
      select gen_random_uuid(), ${account.id}::uuid, 'role-' || i, 'arn:aws:iam::111122223333:role/role-' || i, i % 10 = 0, now()
        from generate_series(1, ${ROLES}) i`;
    const target = await db.iamRole.findUniqueOrThrow({ where: { arn: "arn:aws:iam::111122223333:role/role-1" } });
    // 200 approved grants on the target role; the rest spread over the other roles with a realistic status mix.
    await db.$executeRaw`
      insert into mappings (id, scope, gitlab_path, ref_type, ref_pattern, role_id, audience, status, requester_id, justification,
                            required_approvals, risk_tier, decision_reason, decided_at, created_at, updated_at)
      select gen_random_uuid(), 'project', 'org' || (i % 97) || '/team' || (i % 40) || '/svc' || i, 'branch', 'main',
             case when i <= ${TARGET_GRANTS} then ${target.id}::uuid else r.id end, 'https://gitlab.com',
             (case when i <= ${TARGET_GRANTS} then 'approved' else (array['approved','approved','approved','approved','approved','approved','approved','requested','rejected','revoked'])[1 + i % 10] end)::"MappingStatus",
             ${requester.id}::uuid, 'bench', case when i % 5 = 0 then 2 else 1 end, case when i % 5 = 0 then 'high' else 'normal' end,
             case when i > ${TARGET_GRANTS} and i % 10 in (8, 9) then 'bench' end, now(),
             now() - (i || ' minutes')::interval, now()
        from generate_series(1, ${MAPPINGS}) i
        join (select id, row_number() over (order by name) as rn from iam_roles where id <> ${target.id}::uuid) r on r.rn = 1 + i % (${ROLES} - 1)`;
    await db.$executeRaw`insert into mapping_approvals (mapping_id, approver_id) select id, ${approver.id}::uuid from mappings where status = 'approved'`;
    const targetPatterns = (await db.mapping.findMany({ where: { roleId: target.id }, select: { gitlabPath: true } })).map((m) => buildSubject({ projectPath: m.gitlabPath, refType: "branch", ref: "main" })).sort();
    await db.iamRole.update({
      where: { id: target.id },
      data: {
        actualFetchedAt: new Date(),
        actualTrustPolicy: {
          Version: "2012-10-17",
          Statement: [
            { Sid: managedSid(PROVIDER, "https://gitlab.com"), Effect: "Allow", Principal: { Federated: PROVIDER }, Action: "sts:AssumeRoleWithWebIdentity", Condition: { StringEquals: { "gitlab.com:aud": "https://gitlab.com" }, StringLike: { "gitlab.com:sub": targetPatterns } } },
            { Sid: "HandWritten", Effect: "Allow", Principal: { Federated: PROVIDER }, Action: "sts:AssumeRoleWithWebIdentity", Condition: { StringEquals: { "gitlab.com:aud": "https://gitlab.com" }, StringLike: { "gitlab.com:sub": "project_path:legacy/app:ref_type:branch:ref:main" } } },
          ],
        },
      },
    });
    await db.$executeRawUnsafe("analyze");
    const counts = await db.mapping.groupBy({ by: ["status"], _count: true });
    console.log(`workflow.seed roles=${ROLES} mappings=${MAPPINGS} ${counts.map((c) => `${c.status}=${c._count}`).join(" ")} time_ms=${(performance.now() - seedStart).toFixed(0)}`);

    const { expireDueMappings, listApprovalQueue } = await import("../lib/approvals/service");
    const { listMappings } = await import("../lib/mappings/service");
    const { ZMappingFilters } = await import("../lib/schemas/requests");
    const { whoCanAssumeRole } = await import("../lib/access/service");
    await time("mappings_list", `rows=${MAPPINGS}`, async () => {
      await expireDueMappings();
      return listMappings(ZMappingFilters.parse({}));
    });
    await time("approval_queue", `pending=${counts.find((c) => c.status === "requested")?._count ?? 0}`, async () => {
      await expireDueMappings();
      return listApprovalQueue();
    });
    await time("who_can_assume", `grants=${TARGET_GRANTS}`, async () => {
      const view = await whoCanAssumeRole({ roleId: target.id, show: "all", format: "json", sort: "policy", dir: "asc" });
      if (view.rows.filter((r) => r.mappings.length > 0).length !== TARGET_GRANTS) throw new Error(`expected ${TARGET_GRANTS} traced grants, got ${view.rows.length} rows`);
      return view;
    });
    await db.$disconnect();
  } finally {
    await pg.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  process.exit(0);
}

if (process.argv.includes("--child")) await child();
