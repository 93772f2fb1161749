/**
 * Reconcile plan at the design's scale against moto (IAM, through the real SDK adapter) and the
 * GitLab fake (in its own process, through the real gitbeaker adapter), from an empty actual
 * state: read everything, then plan. Counts are configurable; the defaults are a fifth of the
 * DESIGN.md scale to keep the run short: roles are seeded into moto one at a time, because moto's
 * IAM backend is not thread-safe (concurrent CreateRole calls failed at random with an HTTP 500,
 * "dictionary changed size during iteration"), so 5,000 roles take about a minute. Full scale:
 *   BENCH_ROLES=5000 BENCH_MAPPINGS=20000 BENCH_TARGETS=2000 npm run bench -- reconcile
 * Prints wall time, trustmap's own CPU time (this process: adapters + planning; moto and the
 * fake run in other processes), calls made, and the lower bounds:
 *   IAM    ceil(roles/1000) ListRoles (+1 GetOpenIDConnectProvider per account, to know its audiences)
 *   GitLab one variable list per target (a plan makes no write; apply adds one write per change).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createIamAdapter } from "../lib/aws/adapter";
import { createGitLabAdapter } from "../lib/gitlab/adapter";
import { plan } from "../lib/reconcile/plan";
import { readActualState } from "../lib/reconcile/reader";
import type { DesiredMapping, DesiredState } from "../lib/reconcile/types";
import { createRoles, motoSdk } from "../tests/integration/aws/moto-iam";
import { MOTO_ACCOUNT_ID, motoCredentials, startMoto } from "../tests/support/moto";

const count = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
};

const TOKEN = "glpat-bench";
const ISSUER = "https://gitlab.example.com";
const FOREIGN = JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "Ec2", Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] });

async function startFakeProcess(targets: number): Promise<{ url: string; stop(): void }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "trustmap-bench-"));
  const seed = path.join(dir, "seed.json");
  const projects = Array.from({ length: targets }, (_, t) => ({ path: `org${t % 20}/svc${t}` }));
  writeFileSync(seed, JSON.stringify({ users: [{ username: "bench" }], tokens: [{ token: TOKEN, username: "bench" }], projects }));
  const child = spawn(process.execPath, ["--import", "tsx", path.resolve(import.meta.dirname, "../tests/fakes/gitlab/main.ts"), "--port", "0", "--seed", seed], { stdio: ["ignore", "pipe", "inherit"] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (c: Buffer) => {
      out += c.toString();
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match) resolve(match[1] as string);
    });
    child.once("exit", (code) => reject(new Error(`GitLab fake exited with ${code}`)));
  });
  return { url, stop: () => child.kill("SIGTERM") };
}

function desiredState(roles: number, mappings: number, targets: number): DesiredState {
  const byRole: DesiredMapping[][] = Array.from({ length: roles }, () => []);
  for (let i = 0; i < mappings; i++) {
    const t = i % targets;
    // One mapping per (target, environment): no two roles compete for one ROLE_ARN.
    byRole[i % roles]!.push({ id: `m${i}`, scope: "project", path: `org${t % 20}/svc${t}`, refType: "branch", ref: i % 3 === 0 ? "main" : `release/${i % 7}`, environment: `env${Math.floor(i / targets)}`, audience: "sts.amazonaws.com", protectedRefsOnly: i % 2 === 0 });
  }
  return {
    accounts: [{ accountId: MOTO_ACCOUNT_ID, name: "bench", issuerUrl: ISSUER, providerArn: `arn:aws:iam::${MOTO_ACCOUNT_ID}:oidc-provider/gitlab.example.com`, audiences: ["sts.amazonaws.com"], region: "eu-west-1" }],
    roles: byRole.map((ms, r) => ({ id: `r${r}`, arn: `arn:aws:iam::${MOTO_ACCOUNT_ID}:role/bench-${r}`, name: `bench-${r}`, accountId: MOTO_ACCOUNT_ID, production: false, quota: 8192, mappings: ms })),
    roleArnVariable: "ROLE_ARN",
    knownTargets: [],
  };
}

export default async function run(): Promise<void> {
  const roles = count("BENCH_ROLES", 1000);
  const mappings = count("BENCH_MAPPINGS", 4000);
  const targets = count("BENCH_TARGETS", 400);
  const moto = await startMoto();
  const fake = await startFakeProcess(targets);
  try {
    const seedStart = performance.now();
    await createRoles(motoSdk(moto), Array.from({ length: roles }, (_, r) => ({ name: `bench-${r}`, trustPolicy: FOREIGN })));
    const seedMs = performance.now() - seedStart;

    const desired = desiredState(roles, mappings, targets);
    const iam = createIamAdapter({ endpoint: moto.endpoint, region: "us-east-1", credentials: motoCredentials });
    const gitlab = createGitLabAdapter({ host: fake.url, token: TOKEN });
    const ports = { iam: () => iam, gitlab };

    const cpu = process.cpuUsage();
    const start = performance.now();
    const actual = await readActualState(desired, ports, { concurrency: 32 });
    const readMs = performance.now() - start;
    const planCpu = process.cpuUsage();
    const result = plan(desired, actual);
    const planCpuMs = (process.cpuUsage(planCpu).user + process.cpuUsage(planCpu).system) / 1000;
    const wallMs = performance.now() - start;
    const used = process.cpuUsage(cpu);
    const cpuMs = (used.user + used.system) / 1000;
    iam.destroy();

    const iamCalls = iam.callCounts().total;
    const iamBound = Math.ceil(roles / 1000) + 1;
    const gitlabCalls = gitlab.requestCount();
    const gitlabBound = targets;
    const ratio = (iamCalls + gitlabCalls) / (iamBound + gitlabBound);
    if (result.refused) throw new Error(`the bench plan was refused: ${result.problems.find((p) => p.severity === "blocking")?.message}`);
    console.log(`reconcile.seed roles=${roles} moto_seed_ms=${seedMs.toFixed(0)}`);
    console.log(
      `reconcile.plan roles=${roles} mappings=${mappings} targets=${targets} wall_ms=${wallMs.toFixed(0)} read_ms=${readMs.toFixed(0)} trustmap_cpu_ms=${cpuMs.toFixed(0)} plan_cpu_ms=${planCpuMs.toFixed(0)} ` +
        `iam_calls=${iamCalls} iam_lower_bound=${iamBound} gitlab_calls=${gitlabCalls} gitlab_lower_bound=${gitlabBound} ratio=${ratio.toFixed(3)} operations=${result.operations.length}`,
    );
  } finally {
    fake.stop();
    await moto.stop();
  }
}
