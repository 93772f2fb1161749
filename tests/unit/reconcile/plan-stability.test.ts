/**
 * The plan is a pure function whose output (operations, problems, foreign items, snippets, hash)
 * is stored and compared by hash: its bytes must not change by accident. The expected hashes were
 * taken from the implementation before the planner's performance work (issue #4): a change here
 * is a change of plan output, to be made on purpose.
 * Changed on purpose once since: the Reconcile page's CI snippets became the one job recipe of
 * lib/mappings/ci-snippet.ts (issue #10). That re-pinned the whole-plan digests (`sha(...)`) only;
 * `plan.hash` covers the operations alone and did not move, and the plan without its ciSnippets
 * hashed the same before and after.
 */
import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { plan } from "@/lib/reconcile/plan";
import { targetsToRead } from "@/lib/reconcile/reader";
import { targetKey } from "@/lib/reconcile/targets";
import type { DesiredMapping, DesiredState } from "@/lib/reconcile/types";
import { desiredScopes } from "@/lib/reconcile/variable-plan";
import { applied, benchShape, emptyActual, mutated } from "./stability-fixture";

const sha = (value: unknown) => createHash("sha256").update(JSON.stringify(value)).digest("hex");

describe("plan output stays byte-identical", () => {
  const desired = benchShape(40, 160, 24);
  const empty = emptyActual(desired);
  const first = plan(desired, empty);
  const converged = applied(empty, first);
  const special = mutated(desired, converged);

  it("from an empty actual state", () => {
    expect([first.operations.length, first.problems.length, first.hash]).toEqual([360, 40, "7b7dd62a194901aa1aee31b819f6e85b30ef3ef4e8b8c83124accb0089f87a54"]);
    expect(sha(first)).toBe("a727958b5310dec42f63b9e9a7dcca73407604706dce5988bf0613a119e15010");
  });

  it("once converged", () => {
    const again = plan(desired, converged);
    expect([again.operations.length, again.problems.length, again.hash]).toEqual([0, 40, "4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945"]);
    expect(sha(again)).toBe("f09c7c433e6d8c894953183e82f7082d26612df93e7bee3fb97a5b8d6d7d7ca2");
  });

  it("with one of every special case", () => {
    const result = plan(special.desired, special.actual);
    expect([result.operations.length, result.problems.length, result.hash]).toEqual([22, 106, "6512ab0a149bf58ba2d542d2126b63dbf0df1b7703533c2f6900d9379e172df4"]);
    expect(sha(result)).toBe("a145f82e224f7db165f530fc1cd329c21e09b0d46b6da12cc4257478685b191b");
  });

  it("still refuses a stored policy with a lone surrogate, as canonicalize does", () => {
    const bad = structuredClone(converged);
    bad.accounts["123456789012"]!.roles["bench-1"]!.document = JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "S", Effect: "Allow", Principal: { Service: "a\ud800" }, Action: "sts:AssumeRole" }] });
    expect(() => plan(desired, bad)).toThrow("Lone surrogate is not allowed");
  });
});

describe("targetsToRead", () => {
  /** The definition: the targets of desiredScopes in order, then the known targets. */
  function reference(desired: DesiredState) {
    const all = new Map<string, unknown>();
    for (const scope of desiredScopes(desired)) all.set(targetKey(scope.target), scope.target);
    for (const target of desired.knownTargets) all.set(targetKey(target), target);
    return [...all.values()];
  }

  const segment = fc.constantFrom("a", "b", "a-b", "a.b", "A", "z9", "_x");
  const mapping = fc.record({
    scope: fc.constantFrom("group" as const, "project" as const),
    gitlabPath: fc.array(segment, { minLength: 1, maxLength: 3 }).map((parts) => parts.join("/")),
    environment: fc.constantFrom(null, "", "*", "prod", "prod/eu", "a b"),
  });

  it("lists the same targets in the same order as walking desiredScopes", () => {
    fc.assert(
      fc.property(fc.array(fc.array(mapping, { maxLength: 6 }), { maxLength: 6 }), fc.array(mapping, { maxLength: 3 }), (roles, known) => {
        const desired = benchShape(1, 1, 1);
        desired.roles = roles.map((ms, r) => ({ ...desired.roles[0]!, id: `r${r}`, arn: `${desired.roles[0]!.arn}${r}`, mappings: ms.map((m, i): DesiredMapping => ({ id: `m${r}-${i}`, refType: "branch", refPattern: "main", audience: "sts.amazonaws.com", protectedRefsOnly: false, ...m })) }));
        desired.knownTargets = known.map((m) => ({ kind: m.scope, path: m.gitlabPath }));
        expect(targetsToRead(desired)).toEqual(reference(desired));
      }),
      { numRuns: 500 },
    );
  });
});
