/**
 * Reconcile at the design's scale against moto (IAM, through the real SDK adapter) and the GitLab
 * fake (in its own process, through the real gitbeaker adapter): plan from an empty actual state,
 * apply that plan, and plan again once converged (what every scheduled drift check does). Counts
 * are configurable; the defaults are a fifth of the DESIGN.md scale to keep the run short: roles
 * are seeded into moto one at a time, because moto's IAM backend is not thread-safe (concurrent
 * CreateRole calls failed at random with an HTTP 500, "dictionary changed size during
 * iteration"), so 5,000 roles take about a minute. Full scale:
 *   BENCH_ROLES=5000 BENCH_MAPPINGS=20000 BENCH_TARGETS=2000 npm run bench -- reconcile
 * Lines:
 *   reconcile.plan / reconcile.replan: wall time, trustmap's own CPU time (this process: adapters
 *     + planning), calls made and their lower bound:
 *       IAM    ceil(roles/1000) ListRoles (+1 GetOpenIDConnectProvider per account, for its audiences)
 *       GitLab one variable list per target (a plan makes no write)
 *   reconcile.apply: writes made and their lower bound (one per changed role, plus the missing
 *     OIDC provider; one per changed variable).
 *   reconcile.<phase>_servers: CPU time moto and the fake spent in that phase (from /proc, "n/a"
 *     off Linux) next to trustmap's, and the servers' share of the three.
 */
import { createIamAdapter } from "../lib/aws/adapter";
import { createGitLabAdapter } from "../lib/gitlab/adapter";
import { apply, type ApplyRecorder } from "../lib/reconcile/apply";
import { plan } from "../lib/reconcile/plan";
import { readActualState } from "../lib/reconcile/reader";
import { leftOut } from "../lib/reconcile/runs";
import type { DesiredMapping, DesiredState } from "../lib/reconcile/types";
import { createRoles, motoSdk } from "../tests/integration/aws/moto-iam";
import { MOTO_ACCOUNT_ID, motoCredentials, startMoto } from "../tests/support/moto";
import { processCpuMs, startFakeProcess } from "./gitlab-fake-process";

const count = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
};

const TOKEN = "glpat-bench";
const ISSUER = "https://gitlab.example.com";
const FOREIGN = JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "Ec2", Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] });

function desiredState(roles: number, mappings: number, targets: number): DesiredState {
  const byRole: DesiredMapping[][] = Array.from({ length: roles }, () => []);
  for (let i = 0; i < mappings; i++) {
    const t = i % targets;
    // One mapping per (target, environment): no two roles compete for one ROLE_ARN.
    byRole[i % roles]!.push({ id: `m${i}`, scope: "project", gitlabPath: `org${t % 20}/svc${t}`, refType: "branch", refPattern: i % 3 === 0 ? "main" : `release/${i % 7}`, environment: `env${Math.floor(i / targets)}`, audience: "sts.amazonaws.com", protectedRefsOnly: i % 2 === 0 });
  }
  return {
    accounts: [{ accountId: MOTO_ACCOUNT_ID, name: "bench", issuerUrl: ISSUER, providerArn: `arn:aws:iam::${MOTO_ACCOUNT_ID}:oidc-provider/gitlab.example.com`, audiences: ["sts.amazonaws.com"], region: "eu-west-1" }],
    roles: byRole.map((ms, r) => ({ id: `r${r}`, arn: `arn:aws:iam::${MOTO_ACCOUNT_ID}:role/bench-${r}`, name: `bench-${r}`, accountId: MOTO_ACCOUNT_ID, production: false, quota: 8192, mappings: ms })),
    roleArnVariable: "ROLE_ARN",
    knownTargets: [],
  };
}

const ms = (value: number | undefined) => (value === undefined ? "n/a" : value.toFixed(0));

interface Meter {
  stop(): { wallMs: number; trustmapCpuMs: number; motoCpuMs: number | undefined; fakeCpuMs: number | undefined };
}

/** Wall time and CPU of trustmap (this process) and of each server over one phase. */
function meter(motoPid: number | undefined, fakePid: number | undefined): Meter {
  const start = performance.now();
  const cpu = process.cpuUsage();
  const moto0 = processCpuMs(motoPid);
  const fake0 = processCpuMs(fakePid);
  return {
    stop() {
      const used = process.cpuUsage(cpu);
      const moto1 = processCpuMs(motoPid);
      const fake1 = processCpuMs(fakePid);
      return {
        wallMs: performance.now() - start,
        trustmapCpuMs: (used.user + used.system) / 1000,
        motoCpuMs: moto0 === undefined || moto1 === undefined ? undefined : moto1 - moto0,
        fakeCpuMs: fake0 === undefined || fake1 === undefined ? undefined : fake1 - fake0,
      };
    },
  };
}

function serversLine(phase: string, m: ReturnType<Meter["stop"]>): string {
  const servers = m.motoCpuMs === undefined || m.fakeCpuMs === undefined ? undefined : m.motoCpuMs + m.fakeCpuMs;
  const share = servers === undefined ? "n/a" : (servers / (servers + m.trustmapCpuMs)).toFixed(2);
  return `reconcile.${phase}_servers moto_cpu_ms=${ms(m.motoCpuMs)} gitlab_fake_cpu_ms=${ms(m.fakeCpuMs)} trustmap_cpu_ms=${ms(m.trustmapCpuMs)} server_cpu_share=${share}`;
}

const silentRecorder: ApplyRecorder = { started: async () => {}, succeeded: async () => {}, failed: async () => {}, skipped: async () => {} };

export default async function run(): Promise<void> {
  const roles = count("BENCH_ROLES", 1000);
  const mappings = count("BENCH_MAPPINGS", 4000);
  const targets = count("BENCH_TARGETS", 400);
  const moto = await startMoto();
  const projects = Array.from({ length: targets }, (_, t) => ({ path: `org${t % 20}/svc${t}` }));
  const fake = await startFakeProcess({ users: [{ username: "bench" }], tokens: [{ token: TOKEN, username: "bench" }], projects });
  const iam = createIamAdapter({ endpoint: moto.endpoint, region: "us-east-1", credentials: motoCredentials });
  try {
    const seedStart = performance.now();
    await createRoles(motoSdk(moto), Array.from({ length: roles }, (_, r) => ({ name: `bench-${r}`, trustPolicy: FOREIGN })));
    const seedMs = performance.now() - seedStart;
    console.log(`reconcile.seed roles=${roles} moto_seed_ms=${seedMs.toFixed(0)}`);

    const desired = desiredState(roles, mappings, targets);
    const gitlab = createGitLabAdapter({ host: fake.url, token: TOKEN });
    const ports = { iam: () => iam, gitlab };
    const iamBound = Math.ceil(roles / 1000) + 1;
    const gitlabBound = targets;

    /** Read everything and plan; prints the `reconcile.<phase>` line (format kept stable). */
    const planPhase = async (phase: string) => {
      iam.resetCallCounts();
      const gitlabBefore = gitlab.requestCount();
      const m = meter(moto.pid, fake.pid);
      const start = performance.now();
      const actual = await readActualState(desired, ports, { concurrency: 32 });
      const readMs = performance.now() - start;
      const planCpu = process.cpuUsage();
      const result = plan(desired, actual);
      const planCpuMs = (process.cpuUsage(planCpu).user + process.cpuUsage(planCpu).system) / 1000;
      const measured = m.stop();
      const iamCalls = iam.callCounts().total;
      const gitlabCalls = gitlab.requestCount() - gitlabBefore;
      const ratio = (iamCalls + gitlabCalls) / (iamBound + gitlabBound);
      const missing = leftOut(result);
      if (missing.length > 0) throw new Error(`the bench plan left something out: ${missing[0]}`);
      console.log(
        `reconcile.${phase} roles=${roles} mappings=${mappings} targets=${targets} wall_ms=${measured.wallMs.toFixed(0)} read_ms=${readMs.toFixed(0)} trustmap_cpu_ms=${measured.trustmapCpuMs.toFixed(0)} plan_cpu_ms=${planCpuMs.toFixed(0)} ` +
          `iam_calls=${iamCalls} iam_lower_bound=${iamBound} gitlab_calls=${gitlabCalls} gitlab_lower_bound=${gitlabBound} ratio=${ratio.toFixed(3)} operations=${result.operations.length}`,
      );
      console.log(serversLine(phase, measured));
      return result;
    };

    // From empty: every role's trust policy and every variable is missing.
    const first = await planPhase("plan");

    // Apply it. Lower bound, counted from the desired state rather than from the plan: one write
    // per role that has mappings and one provider (none exists yet); one write per variable, i.e.
    // ROLE_ARN and AWS_REGION per distinct (target, environment).
    iam.resetCallCounts();
    const gitlabBefore = gitlab.requestCount();
    const m = meter(moto.pid, fake.pid);
    const outcome = await apply(first.operations, ports, silentRecorder);
    const measured = m.stop();
    const iamWrites = iam.callCounts().writes;
    const gitlabWrites = gitlab.requestCount() - gitlabBefore;
    const iamWriteBound = desired.roles.filter((r) => r.mappings.length > 0).length + 1;
    const gitlabWriteBound = 2 * new Set(desired.roles.flatMap((r) => r.mappings.map((x) => `${x.gitlabPath}\n${x.environment}`))).size;
    console.log(
      `reconcile.apply operations=${first.operations.length} done=${outcome.done} failed=${outcome.failed} skipped=${outcome.skipped} wall_ms=${measured.wallMs.toFixed(0)} trustmap_cpu_ms=${measured.trustmapCpuMs.toFixed(0)} ` +
        `iam_writes=${iamWrites} iam_write_lower_bound=${iamWriteBound} gitlab_writes=${gitlabWrites} gitlab_write_lower_bound=${gitlabWriteBound} ratio=${((iamWrites + gitlabWrites) / (iamWriteBound + gitlabWriteBound)).toFixed(3)}`,
    );
    console.log(serversLine("apply", measured));

    // Converged: what every scheduled drift check does. Expect the read bound and no operation.
    await planPhase("replan");
  } finally {
    iam.destroy();
    fake.stop();
    await moto.stop();
  }
}
