/**
 * Properties of the whole pipeline: compile → read round-trips, the compiled policy admits exactly
 * the jobs its mappings describe (checked against an independent model of GitLab selectors),
 * minimisation never changes the admitted set, and evaluation is deterministic.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildSubject, compileSubjects, compileTrustPolicy, evaluate, lintTrustPolicy, readTrustPolicy, type GitLabSelector, type Mapping, type TrustPolicy } from "@/lib/policy";
import { AUDIENCES, jobNear, OTHER_PROVIDER, PROVIDER, selectorArb, type Job } from "./support/arbitraries";

const ISSUERS: Record<string, string> = { [PROVIDER]: "https://gitlab.example.com", [OTHER_PROVIDER]: "https://gitlab.other.org" };

const mappingsArb: fc.Arbitrary<Mapping[]> = fc
  .array(fc.record({ selector: selectorArb, audience: fc.constantFrom(...AUDIENCES.slice(0, 2)), providerArn: fc.constantFrom(PROVIDER, PROVIDER, OTHER_PROVIDER) }), { minLength: 1, maxLength: 6 })
  .map((items) => items.map((item, i) => ({ id: `m${i}`, ...item })));

/** Independent model: does a selector admit a job? (no IAM glob code involved) */
function admits(selector: GitLabSelector, job: Job): boolean {
  const pathOk = selector.scope === "project" ? job.projectPath === selector.path : job.projectPath.startsWith(selector.path + "/");
  const typeOk = selector.refType === "any" || selector.refType === job.refType;
  const refRegex = new RegExp("^" + selector.ref.split("").map((ch) => (ch === "*" ? "[^]*" : ch === "?" ? "[^]" : ch.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&"))).join("") + "$");
  return pathOk && typeOk && refRegex.test(job.ref);
}

function compiled(mappings: Mapping[]): TrustPolicy {
  const result = compileTrustPolicy({ mappings, quota: 8192 });
  if (!result.ok) throw new Error(result.error.message);
  return result.policy;
}

function decide(policy: unknown, job: Job, audience: string, providerArn: string) {
  const result = evaluate({ policy, providerArn, claims: { iss: ISSUERS[providerArn], aud: audience, sub: buildSubject(job) } });
  if (!result.ok) throw new Error(result.error.message);
  return result;
}

/** A job, audience and provider usually taken from one of the mappings, so many tokens match. */
const scenario = mappingsArb.chain((mappings) =>
  fc.constantFrom(...mappings).chain((m) =>
    fc.record({
      mappings: fc.constant(mappings),
      job: jobNear(m.selector),
      audience: fc.oneof({ weight: 3, arbitrary: fc.constant(m.audience) }, { weight: 1, arbitrary: fc.constantFrom(...AUDIENCES.slice(0, 2)) }),
      providerArn: fc.oneof({ weight: 3, arbitrary: fc.constant(m.providerArn) }, { weight: 1, arbitrary: fc.constantFrom(PROVIDER, OTHER_PROVIDER) }),
    }),
  ),
);

describe("policy pipeline properties", () => {
  it("compile → read: the reader finds exactly the compiled patterns as owned grants", () => {
    fc.assert(
      fc.property(mappingsArb, (mappings) => {
        const result = compileTrustPolicy({ mappings, quota: 8192 });
        if (!result.ok) throw new Error(result.error.message);
        for (const input of [result.policy, result.json, encodeURIComponent(result.json)]) {
          const read = readTrustPolicy(input);
          if (!read.ok) throw new Error(read.error.message);
          expect(read.grants.every((g) => g.owned && g.effect === "Allow" && g.webIdentity && g.uninterpretable.length === 0)).toBe(true);
          expect(read.grants.map((g) => ({ sid: g.sid, providerArn: g.providerArn, audiences: g.audiences, subjects: g.subjects }))).toEqual(
            result.managed.map((m) => ({ sid: m.sid, providerArn: m.providerArn, audiences: [{ operator: "StringEquals", values: [m.audience] }], subjects: [{ operator: "StringLike", values: m.patterns }] })),
          );
        }
      }),
      { numRuns: 300, seed: 101 },
    );
  });

  it("compiled policies lint without critical or high findings", () => {
    fc.assert(
      fc.property(mappingsArb, (mappings) => {
        const result = lintTrustPolicy(compiled(mappings), { quota: 8192 });
        if (!result.ok) throw new Error(result.error.message);
        expect(result.findings.filter((f) => f.severity === "critical" || f.severity === "high")).toEqual([]);
      }),
      { numRuns: 300, seed: 105 },
    );
  });

  it("the compiled policy allows exactly the tokens its mappings describe", () => {
    let allowed = 0;
    fc.assert(
      fc.property(scenario, ({ mappings, job, audience, providerArn }) => {
        const expected = mappings.some((m) => m.providerArn === providerArn && m.audience === audience && admits(m.selector, job));
        const decision = decide(compiled(mappings), job, audience, providerArn).decision;
        if (expected) allowed++;
        expect(decision).toBe(expected ? "Allow" : "ImplicitDeny");
      }),
      { numRuns: 1500, seed: 102 },
    );
    expect(allowed).toBeGreaterThan(300);
  });

  it("minimisation never changes the allowed set", () => {
    fc.assert(
      fc.property(scenario, ({ mappings, job, audience, providerArn }) => {
        const minimal = compiled(mappings);
        const full: TrustPolicy = {
          Version: "2012-10-17",
          Statement: mappings.map((m) => {
            const subjects = compileSubjects(m.selector);
            if (!subjects.ok) throw new Error("invalid selector");
            const host = (ISSUERS[m.providerArn] as string).replace("https://", "");
            return { Effect: "Allow", Principal: { Federated: m.providerArn }, Action: "sts:AssumeRoleWithWebIdentity", Condition: { StringEquals: { [`${host}:aud`]: m.audience }, StringLike: { [`${host}:sub`]: subjects.patterns } } };
          }),
        };
        expect(decide(minimal, job, audience, providerArn).decision).toBe(decide(full, job, audience, providerArn).decision);
      }),
      { numRuns: 800, seed: 103 },
    );
  });

  it("evaluation is deterministic", () => {
    fc.assert(
      fc.property(scenario, ({ mappings, job, audience, providerArn }) => {
        const policy = compiled(mappings);
        const first = decide(policy, job, audience, providerArn);
        expect(decide(policy, job, audience, providerArn)).toEqual(first);
        expect(decide(JSON.parse(JSON.stringify(policy)), job, audience, providerArn)).toEqual(first);
        expect(decide(JSON.stringify(policy), job, audience, providerArn)).toEqual(first);
      }),
      { numRuns: 300, seed: 104 },
    );
  });
});
