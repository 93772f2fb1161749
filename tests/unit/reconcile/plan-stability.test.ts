/**
 * The plan is a pure function whose output (operations, problems, foreign items, snippets, hash)
 * is stored and compared by hash: its bytes must not change by accident. The expected hashes were
 * taken from the implementation before the planner's performance work (issue #4): a change here
 * is a change of plan output, to be made on purpose.
 *
 * Changed on purpose by issue #13 (a plan never refuses as a whole): `refused` gave way to
 * `unread`, the role-missing message says no variable is written, and variables wanted only by a
 * held-back role are not written — the special case loses exactly one operation,
 * variable:project:org3/svc3:AWS_REGION:env0, wanted only by bench-3 (invalid mappings). The
 * operation hashes of the first two cases are unchanged.
 *
 * Changed on purpose by issue #10: the Reconcile page's CI snippets became the one job recipe of
 * lib/mappings/ci-snippet.ts. That re-pinned the whole-plan digests (`sha(...)`) only: `plan.hash`
 * covers the operations alone and did not move, and the plan without its ciSnippets hashes the
 * same before and after (checked against main's planner when merging).
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
    expect(sha(first)).toBe("311bfb499ec2e201c456b76f67aa6996fc32f1626795e667ccdeb4308b56a8fd");
  });

  it("once converged", () => {
    const again = plan(desired, converged);
    expect([again.operations.length, again.problems.length, again.hash]).toEqual([0, 40, "4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945"]);
    expect(sha(again)).toBe("d18032003fa2bd1dbdc29baff6768ed83b1057ca01c4f751fc1ad4337332cd60");
  });

  it("with one of every special case", () => {
    const result = plan(special.desired, special.actual);
    expect([result.operations.length, result.problems.length, result.hash]).toEqual([21, 106, "bdd40cc0745365c7442cbc1d1276934a2f590cf704f232a209657612a9cf54e3"]);
    expect(sha(result)).toBe("5ef534d7dfffb159ad46df54805d2ccd97af9cf997b935e58da721fb2dc58ead");
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
