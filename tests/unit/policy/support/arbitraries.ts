/**
 * fast-check arbitraries shared by the property and differential tests: GitLab jobs, selectors,
 * tokens biased towards matching, and mixed-operator trust policies.
 */
import fc from "fast-check";
import type { GitLabSelector, RequestContext, TrustPolicy, TrustStatement } from "@/lib/policy";
import { ACCOUNT } from "./oracle";

export const ISSUER = "gitlab.example.com";
export const PROVIDER = `arn:aws:iam::${ACCOUNT}:oidc-provider/${ISSUER}`;
export const OTHER_ISSUER = "gitlab.other.org";
export const OTHER_PROVIDER = `arn:aws:iam::${ACCOUNT}:oidc-provider/${OTHER_ISSUER}`;
export const AUDIENCES = ["sts.amazonaws.com", "https://gitlab.example.com", "deploy"];

export const GROUPS = ["team", "team-evil", "platform", "platform/infra", "ops"];
export const PROJECTS = ["app", "api", "web", "infra", "app-evil"];
export const REFS = ["main", "develop", "release/1.0", "release/2.0", "feature/x", "v1.0.0", "v2.1", "hotfix$1"];

export interface Job {
  projectPath: string;
  refType: "branch" | "tag";
  ref: string;
}

export const jobArb: fc.Arbitrary<Job> = fc.record({
  projectPath: fc.tuple(fc.constantFrom(...GROUPS), fc.constantFrom(...PROJECTS)).map(([g, p]) => `${g}/${p}`),
  refType: fc.constantFrom("branch" as const, "tag" as const),
  ref: fc.constantFrom(...REFS),
});

const refGlobArb = fc.oneof(
  fc.constantFrom(...REFS),
  fc.constantFrom("*", "release/*", "v*", "v?.*", "feature/*", "ma?n", "*.0", "hotfix$*"),
);

export const selectorArb: fc.Arbitrary<GitLabSelector> = fc.record({
  scope: fc.constantFrom("group" as const, "project" as const),
  path: fc.oneof(fc.constantFrom(...GROUPS), fc.tuple(fc.constantFrom(...GROUPS), fc.constantFrom(...PROJECTS)).map(([g, p]) => `${g}/${p}`)),
  refType: fc.constantFrom("branch" as const, "tag" as const, "any" as const),
  ref: refGlobArb,
});

/** A job derived from a selector (so that it usually matches), or an unrelated one. */
export function jobNear(selector: GitLabSelector): fc.Arbitrary<Job> {
  const concreteRef = selector.ref.replace(/\*/g, "x").replace(/\?/g, "y");
  const derived = fc.record({
    projectPath: selector.scope === "project" ? fc.constant(selector.path) : fc.constantFrom(...PROJECTS).map((p) => `${selector.path}/${p}`),
    refType: selector.refType === "any" ? fc.constantFrom("branch" as const, "tag" as const) : fc.constant(selector.refType),
    ref: fc.oneof(fc.constant(concreteRef), fc.constantFrom(...REFS)),
  });
  return fc.oneof({ weight: 3, arbitrary: derived }, { weight: 1, arbitrary: jobArb });
}

// ---------------------------------------------------------------------------------------------
// Mixed-operator policies for the differential test.

const SUB_KEYS = [`${ISSUER}:sub`, `${ISSUER.toUpperCase()}:SUB`];
const KEYS = [...SUB_KEYS, `${ISSUER}:aud`, `${ISSUER}:amr`, `${ISSUER}:ref_protected`, `${OTHER_ISSUER}:sub`, "aws:SourceIp"];

/** Values for a key, biased towards the request's own value so conditions often match. */
function valueArb(requestSub: string, requestAud: string): fc.Arbitrary<string> {
  const fromSub = fc.tuple(fc.nat(requestSub.length), fc.nat(requestSub.length)).chain(([i, j]) => {
    const [a, b] = i <= j ? [i, j] : [j, i];
    return fc.constantFrom(
      requestSub,
      requestSub.slice(0, a) + "*",
      "*" + requestSub.slice(b),
      requestSub.slice(0, a) + "*" + requestSub.slice(b),
      requestSub.slice(0, a) + "?" + requestSub.slice(a + 1),
      requestSub.slice(0, a) + "x" + requestSub.slice(a + 1),
      requestSub.toUpperCase(),
    );
  });
  return fc.oneof(
    { weight: 6, arbitrary: fromSub },
    { weight: 2, arbitrary: fc.constantFrom(requestAud, ...AUDIENCES, "sts.*", "*") },
    { weight: 1, arbitrary: fc.constantFrom("true", "false", "TRUE", "") },
    { weight: 1, arbitrary: fc.constantFrom(`\${${ISSUER}:aud}`, `\${${ISSUER}:sub}`, "${aws:missing, 'deploy'}", "${aws:missing}", "${*}", "project_path:${*}", "${?}*", "${$}x", `\${${ISSUER}:amr}`) },
  );
}

const STRING_BASES = ["StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase", "StringLike", "StringNotLike"];
const operatorArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...STRING_BASES) },
  { weight: 3, arbitrary: fc.constantFrom(...STRING_BASES.map((b) => b + "IfExists")) },
  // ForAnyValue/ForAllValues with ...IfExists are excluded: see oracle.test.ts.
  { weight: 3, arbitrary: fc.tuple(fc.constantFrom("ForAnyValue:", "ForAllValues:"), fc.constantFrom(...STRING_BASES)).map(([s, b]) => s + b) },
  { weight: 1, arbitrary: fc.constantFrom("Null", "Bool", "BoolIfExists") },
);

/** `${*}` `${?}` `${$}` only under StringLike: see oracle.test.ts. */
function withoutEscapes(value: string | string[]): string | string[] {
  const strip = (v: string) => v.replace(/\$\{[*?$]\}/g, "");
  return Array.isArray(value) ? value.map(strip) : strip(value);
}

function conditionArb(sub: string, aud: string): fc.Arbitrary<TrustStatement["Condition"]> {
  const entry = fc.tuple(
    operatorArb,
    fc.array(fc.tuple(fc.constantFrom(...KEYS), fc.oneof(valueArb(sub, aud), fc.array(valueArb(sub, aud), { minLength: 1, maxLength: 3 }))), { minLength: 1, maxLength: 2 }),
  );
  return fc.array(entry, { maxLength: 3 }).map((entries) => {
    const condition: NonNullable<TrustStatement["Condition"]> = {};
    for (const [operator, pairs] of entries) {
      const block: Record<string, string | string[]> = {};
      for (const [key, value] of pairs) block[key] = operator === "Null" ? (Array.isArray(value) ? ["true"] : "false") : operator.includes("Like") ? value : withoutEscapes(value);
      condition[operator] = block;
    }
    return condition;
  });
}

// Principals: AWS account principals of the role's own account are excluded (see oracle.test.ts).
const principalArb = fc.constantFrom<Pick<TrustStatement, "Principal" | "NotPrincipal">>(
  { Principal: { Federated: PROVIDER } },
  { Principal: { Federated: PROVIDER } },
  { Principal: { Federated: [OTHER_PROVIDER, PROVIDER] } },
  { Principal: { Federated: OTHER_PROVIDER } },
  { Principal: { Federated: "*" } },
  { Principal: "*" },
  { Principal: { AWS: "*" } },
  { Principal: { AWS: "arn:aws:iam::210987654321:role/other" } },
  { Principal: { Service: "ec2.amazonaws.com" } },
  { Principal: { AWS: "arn:aws:iam::210987654321:root", Federated: PROVIDER } },
  { NotPrincipal: { AWS: "arn:aws:iam::210987654321:role/other" } },
  { NotPrincipal: { Federated: PROVIDER } },
  { NotPrincipal: { Federated: OTHER_PROVIDER } },
);

const actionArb = fc.constantFrom<Pick<TrustStatement, "Action" | "NotAction">>(
  { Action: "sts:AssumeRoleWithWebIdentity" },
  { Action: "sts:AssumeRoleWithWebIdentity" },
  { Action: ["sts:AssumeRoleWithWebIdentity", "sts:TagSession"] },
  { Action: "sts:*" },
  { Action: "*" },
  { Action: "STS:assumerolewithwebidentity" },
  { Action: "sts:AssumeRoleWith?ebIdentity" },
  { Action: "sts:AssumeRole" },
  { Action: ["s3:GetObject", "sts:AssumeRoleWith*"] },
  { NotAction: "sts:AssumeRole" },
  { NotAction: "sts:*" },
);

export interface Scenario {
  policy: TrustPolicy;
  context: RequestContext;
}

/** A request context for a GitLab token, plus a policy built around its values. */
export const scenarioArb: fc.Arbitrary<Scenario> = fc
  .record({
    job: jobArb,
    aud: fc.constantFrom(...AUDIENCES),
    audList: fc.boolean(),
    amr: fc.option(fc.constantFrom<string | string[]>("true", "false", ["mfa", "pwd"], []), { nil: undefined }),
    extraIp: fc.boolean(),
  })
  .chain(({ job, aud, audList, amr, extraIp }) => {
    const sub = `project_path:${job.projectPath}:ref_type:${job.refType}:ref:${job.ref}`;
    const context: RequestContext = { [`${ISSUER}:sub`]: sub, [`${ISSUER}:aud`]: audList && aud === "deploy" ? [aud, "other"] : aud };
    if (amr !== undefined) context[`${ISSUER}:amr`] = amr;
    if (extraIp) context["aws:SourceIp"] = "203.0.113.7";
    const statement = fc
      .record({ effect: fc.constantFrom("Allow", "Allow", "Allow", "Deny") as fc.Arbitrary<"Allow" | "Deny">, sid: fc.option(fc.constantFrom("S1", "TrustmapManagedAB12"), { nil: undefined }), principal: principalArb, action: actionArb, condition: fc.option(conditionArb(sub, aud), { nil: undefined }) })
      .map(({ effect, sid, principal, action, condition }): TrustStatement => ({ ...(sid === undefined ? {} : { Sid: sid }), Effect: effect, ...principal, ...action, ...(condition === undefined ? {} : { Condition: condition }) }));
    return fc.array(statement, { minLength: 1, maxLength: 4 }).map((statements): Scenario => ({ policy: { Version: "2012-10-17", Statement: statements }, context }));
  });
