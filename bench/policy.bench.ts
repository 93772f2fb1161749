/**
 * Policy engine throughput at the design's scale (DESIGN.md "Scale target"):
 * - compile 20,000 mappings across 5,000 roles (goal: under 1 s);
 * - evaluate 100,000 GitLab tokens against a ~4,096-character trust policy (goal: ≥ 200,000/s);
 * - evaluate the worst StringLike shape for a backtracking matcher, the `*a*a*ac` freeze input of
 *   issue #11 grown to 50 stars (a trailing `*` so no prefix/suffix shortcut can answer), against a
 *   10,000-character `sub` (goal: under 5 ms per evaluation; a RegExp never answered).
 * Inputs come from a seeded generator, so every run measures the same work. A short warm-up on
 * different inputs runs first (JIT), and is not counted.
 */
import { buildSubject, compileTrustPolicy, evaluate, type Mapping, type TrustPolicy } from "../lib/policy";

const PROVIDER = "arn:aws:iam::123456789012:oidc-provider/gitlab.example.com";
const ISSUER = "https://gitlab.example.com";
const AUDIENCES = ["sts.amazonaws.com", "https://gitlab.example.com"];
const REFS = ["main", "develop", "release/*", "v*", "production", "feature/*"];

/** mulberry32: a small deterministic PRNG. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

function roleMappings(random: () => number, role: number, count: number): Mapping[] {
  return Array.from({ length: count }, (_, i): Mapping => {
    const group = `org${role % 97}/team${Math.floor(random() * 40)}`;
    const scope = random() < 0.3 ? "group" : "project";
    return {
      id: `r${role}-m${i}`,
      selector: { scope, path: scope === "group" ? group : `${group}/svc${Math.floor(random() * 500)}`, refType: pick(random, ["branch", "branch", "tag", "any"] as const), ref: pick(random, REFS) },
      audience: random() < 0.85 ? (AUDIENCES[0] as string) : (AUDIENCES[1] as string),
      providerArn: PROVIDER,
    };
  });
}

function compileAll(roles: Mapping[][]): void {
  for (const mappings of roles) {
    const result = compileTrustPolicy({ mappings, quota: 8192 });
    if (!result.ok) throw new Error(result.error.message);
  }
}

function fmt(value: number, digits = 0): string {
  return value.toFixed(digits);
}

function benchCompile(): void {
  const warmRandom = prng(7);
  compileAll(Array.from({ length: 300 }, (_, role) => roleMappings(warmRandom, role + 10_000, 4)));
  const random = prng(42);
  const roles = Array.from({ length: 5_000 }, (_, role) => roleMappings(random, role, 4));
  const mappings = roles.reduce((n, r) => n + r.length, 0);
  const start = performance.now();
  compileAll(roles);
  const ms = performance.now() - start;
  const perSecond = mappings / (ms / 1000);
  console.log(`policy.compile  mappings=${mappings} roles=${roles.length}  time_ms=${fmt(ms, 1)}  mappings_per_s=${fmt(perSecond)}  goal=<1000ms  ratio=${fmt(1000 / ms, 2)}`);
}

/** A policy of about 4,096 characters: add project mappings until the next one would pass it. */
function policyNear4096(): { policy: TrustPolicy; size: number; mappings: Mapping[] } {
  const random = prng(99);
  const mappings: Mapping[] = [];
  let best: { policy: TrustPolicy; size: number } | null = null;
  for (let i = 0; i < 500; i++) {
    const candidate = [...mappings, ...roleMappings(random, 1, 1).map((m) => ({ ...m, id: `m${i}`, audience: AUDIENCES[0] as string }))];
    const result = compileTrustPolicy({ mappings: candidate, quota: 8192 });
    if (!result.ok) throw new Error(result.error.message);
    if (result.size > 4096) break;
    mappings.splice(0, mappings.length, ...candidate);
    best = { policy: result.policy, size: result.size };
  }
  if (best === null) throw new Error("could not build the policy");
  return { ...best, mappings };
}

function tokens(random: () => number, mappings: Mapping[], count: number): Record<string, unknown>[] {
  return Array.from({ length: count }, () => {
    const m = pick(random, mappings);
    const matching = random() < 0.5;
    const path = m.selector.scope === "group" ? `${m.selector.path}/svc${Math.floor(random() * 500)}` : m.selector.path;
    const ref = matching ? m.selector.ref.replace("*", "x") : pick(random, ["main", "hotfix/1", "v1.2.3", "tmp"]);
    const refType = m.selector.refType === "any" ? pick(random, ["branch", "tag"] as const) : m.selector.refType;
    const projectPath = matching ? path : `other${Math.floor(random() * 9)}/${path}`;
    return { iss: ISSUER, aud: random() < 0.9 ? m.audience : "other", sub: buildSubject({ projectPath, refType, ref }), project_path: projectPath, ref, ref_type: refType };
  });
}

function evaluateAll(policy: TrustPolicy, claims: Record<string, unknown>[]): number {
  let allowed = 0;
  for (const token of claims) {
    const result = evaluate({ policy, claims: token, providerArn: PROVIDER });
    if (!result.ok) throw new Error(result.error.message);
    if (result.decision === "Allow") allowed++;
  }
  return allowed;
}

function benchEvaluate(): void {
  const { policy, size, mappings } = policyNear4096();
  evaluateAll(policy, tokens(prng(5), mappings, 10_000));
  const claims = tokens(prng(6), mappings, 100_000);
  const start = performance.now();
  const allowed = evaluateAll(policy, claims);
  const ms = performance.now() - start;
  if (allowed === 0 || allowed === claims.length) throw new Error(`degenerate token mix: ${allowed} allowed`);
  const perSecond = claims.length / (ms / 1000);
  console.log(`policy.evaluate tokens=${claims.length} policy_chars=${size}  time_ms=${fmt(ms, 1)}  evals_per_s=${fmt(perSecond)}  goal=>=200000/s  ratio=${fmt(perSecond / 200_000, 2)}`);
}

function benchGlobWorst(): void {
  const stars = 50;
  const pattern = "*a".repeat(stars - 2) + "*ac*";
  const sub = "a".repeat(9_999) + "b";
  const policy: TrustPolicy = {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Federated: PROVIDER }, Action: "sts:AssumeRoleWithWebIdentity", Condition: { StringLike: { "gitlab.example.com:sub": pattern } } }],
  };
  const once = (): void => {
    const result = evaluate({ policy, claims: { iss: ISSUER, sub }, providerArn: PROVIDER });
    if (!result.ok) throw new Error(result.error.message);
    if (result.decision !== "ImplicitDeny") throw new Error(`the worst-case pattern matched: ${result.decision}`);
  };
  for (let i = 0; i < 20; i++) once();
  const runs = 200;
  const start = performance.now();
  for (let i = 0; i < runs; i++) once();
  const ms = (performance.now() - start) / runs;
  console.log(`policy.glob_worst pattern_stars=${stars} pattern_chars=${pattern.length} value_chars=${sub.length}  time_ms=${fmt(ms, 3)}  goal=<5ms  ratio=${fmt(5 / ms, 2)}`);
}

export default async function run(): Promise<void> {
  benchCompile();
  benchEvaluate();
  benchGlobWorst();
}
