/**
 * One runner for every JSON fixture under fixtures/: each file names its `kind` and a list of
 * cases. Evaluation cases are also checked against the iam-simulate oracle unless the case says
 * why the oracle differs from AWS (`"oracle": "skip"` + `oracleReason`).
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  compileSubjects,
  evaluate,
  evaluatePrepared,
  lintTrustPolicy,
  parsePolicyDocument,
  preparedPolicyFor,
  readTrustPolicy,
  webIdentityContext,
  type GitLabSelector,
  type Grant,
  type RequestContext,
} from "@/lib/policy";
import { oracleDecision } from "./support/oracle";

const DIR = path.join(import.meta.dirname, "fixtures");

interface EvaluateCase {
  name: string;
  source: string;
  condition?: Record<string, Record<string, unknown>>;
  policy?: unknown;
  context?: RequestContext;
  claims?: Record<string, unknown>;
  expect: string;
  oracle?: "skip";
  oracleReason?: string;
}

function runEvaluate(file: { provider: string; cases: EvaluateCase[] }) {
  for (const c of file.cases) {
    it(c.name, () => {
      const policy = c.policy ?? {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Federated: file.provider }, Action: "sts:AssumeRoleWithWebIdentity", Condition: c.condition }],
      };
      let context: RequestContext;
      if (c.claims !== undefined) {
        const result = evaluate({ policy, claims: c.claims, providerArn: file.provider });
        if (!result.ok) throw new Error(result.error.message);
        expect(result.decision, c.source).toBe(c.expect);
        context = webIdentityContext("gitlab.example.com", c.claims);
      } else {
        context = c.context ?? {};
        const prepared = preparedPolicyFor(policy);
        if (!prepared.ok) throw new Error(prepared.error.message);
        expect(evaluatePrepared(prepared.prepared, file.provider, context).decision, c.source).toBe(c.expect);
      }
      if (c.oracle === "skip") expect(c.oracleReason).toBeTruthy();
      else expect(oracleDecision(policy, file.provider, context), "oracle").toBe(c.expect);
    });
  }
}

function runSubject(file: { cases: { name: string; selector: GitLabSelector; patterns?: string[]; findings?: string[]; errors?: string[] }[] }) {
  for (const c of file.cases) {
    it(c.name, () => {
      const result = compileSubjects(c.selector);
      if (c.errors !== undefined) {
        expect(result.ok).toBe(false);
        if (!result.ok) {
          expect(result.errors.map((e) => e.code)).toEqual(c.errors);
          for (const e of result.errors) expect(e.message.length).toBeGreaterThan(10);
        }
        return;
      }
      if (!result.ok) throw new Error(JSON.stringify(result.errors));
      expect(result.patterns).toEqual(c.patterns);
      if (c.findings !== undefined) expect(result.findings.map((f) => f.code)).toEqual(c.findings);
    });
  }
}

function runLint(file: { cases: { name: string; policy: unknown; codes: string[]; absent?: string[]; options?: Record<string, unknown> }[] }) {
  for (const c of file.cases) {
    it(c.name, () => {
      const result = lintTrustPolicy(c.policy, c.options ?? {});
      if (!result.ok) throw new Error(result.error.message);
      const codes = result.findings.map((f) => f.code);
      for (const code of c.codes) expect(codes, `expected ${code}`).toContain(code);
      for (const code of c.absent ?? []) expect(codes, `unexpected ${code}`).not.toContain(code);
      if (c.codes.length === 0 && c.absent === undefined) expect(codes).toEqual([]);
      for (const finding of result.findings) expect(finding.fix.length).toBeGreaterThan(5);
    });
  }
}

type GrantExpectation = Partial<Grant> & { uninterpretableReasons?: string[] };

function runRead(file: { cases: { name: string; policy: unknown; grants?: GrantExpectation[]; grantCount?: number }[] }) {
  for (const c of file.cases) {
    it(c.name, () => {
      const result = readTrustPolicy(c.policy);
      if (!result.ok) throw new Error(result.error.message);
      if (c.grantCount !== undefined) expect(result.grants).toHaveLength(c.grantCount);
      if (c.grants === undefined) return;
      expect(result.grants).toHaveLength(c.grants.length);
      c.grants.forEach((expected, i) => {
        const { uninterpretableReasons, ...rest } = expected;
        const grant = result.grants[i] as Grant;
        expect(grant).toMatchObject(rest);
        if (uninterpretableReasons !== undefined) expect(grant.uninterpretable.map((u) => u.reason)).toEqual(uninterpretableReasons);
      });
    });
  }
}

function runParse(file: { cases: { name: string; input: unknown; error: string; path?: string }[] }) {
  for (const c of file.cases) {
    it(c.name, () => {
      const result = parsePolicyDocument(c.input);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error.code).toBe("INVALID_POLICY");
      expect(result.error.message).toContain(c.error);
      if (c.path !== undefined) expect(result.error.path).toBe(c.path);
    });
  }
}

const RUNNERS: Record<string, (file: never) => void> = { evaluate: runEvaluate, subject: runSubject, lint: runLint, read: runRead, parse: runParse };

for (const name of readdirSync(DIR).filter((f) => f.endsWith(".json")).sort()) {
  const file = JSON.parse(readFileSync(path.join(DIR, name), "utf8")) as { kind: string };
  const run = RUNNERS[file.kind];
  describe(`fixture ${name}`, () => {
    it("has a known kind", () => expect(run).toBeDefined());
    run?.(file as never);
  });
}
