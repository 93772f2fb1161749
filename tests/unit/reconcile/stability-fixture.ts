/**
 * Desired and actual states for the plan-stability test: the bench's shape (roles with several
 * mappings, targets shared by roles, one environment per mapping round) at a small scale, the
 * converged state after applying that plan, and a state with one of every special case (foreign
 * and conflicting variables, unreadable and missing targets, URL-encoded, unparsable, reordered,
 * pretty-printed and foreign-only policies, wildcard principals, over quota, invalid mappings,
 * deleted roles, unknown accounts). No test framework here, so scripts can build the same states.
 */
import type { ActualState, DesiredMapping, DesiredState, Plan } from "@/lib/reconcile/types";

const ACCOUNT = "123456789012";
const PROVIDER = `arn:aws:iam::${ACCOUNT}:oidc-provider/gitlab.example.com`;
const FOREIGN = JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "Ec2", Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] });
const managed = (key: string, value: string, extra: Record<string, unknown> = {}) => ({ key, environmentScope: "*", value, protected: false, masked: false, description: "managed by trustmap", ...extra });

export function benchShape(roles: number, mappings: number, targets: number): DesiredState {
  const byRole: DesiredMapping[][] = Array.from({ length: roles }, () => []);
  for (let i = 0; i < mappings; i++) {
    const t = i % targets;
    byRole[i % roles]!.push({ id: `m${i}`, scope: "project", gitlabPath: `org${t % 5}/svc${t}`, refType: "branch", refPattern: i % 3 === 0 ? "main" : `release/${i % 7}`, environment: `env${Math.floor(i / targets)}`, audience: "sts.amazonaws.com", protectedRefsOnly: i % 2 === 0 });
  }
  return {
    accounts: [{ accountId: ACCOUNT, name: "bench", issuerUrl: "https://gitlab.example.com", providerArn: PROVIDER, audiences: ["sts.amazonaws.com"], region: "eu-west-1" }],
    roles: byRole.map((ms, r) => ({ id: `r${r}`, arn: `arn:aws:iam::${ACCOUNT}:role/bench-${r}`, name: `bench-${r}`, accountId: ACCOUNT, production: false, quota: 8192, mappings: ms })),
    roleArnVariable: "ROLE_ARN",
    knownTargets: [],
  };
}

/** Every role holds only a foreign statement; every target exists with no variables. */
export function emptyActual(desired: DesiredState): ActualState {
  const targets: ActualState["targets"] = {};
  for (const role of desired.roles) for (const m of role.mappings) targets[`${m.scope}:${m.gitlabPath}`] = { target: { kind: m.scope, path: m.gitlabPath }, variables: [] };
  return {
    accounts: { [ACCOUNT]: { accountId: ACCOUNT, provider: { arn: PROVIDER, clientIds: ["sts.amazonaws.com"] }, roles: Object.fromEntries(desired.roles.map((r) => [r.name, { arn: r.arn, name: r.name, document: FOREIGN }])) } },
    targets,
  };
}

/** The actual state once a plan's trust policies and variable creations are applied. */
export function applied(actual: ActualState, plan: Plan): ActualState {
  const next = structuredClone(actual);
  for (const op of plan.operations) {
    if (op.kind === "trust-policy.update") next.accounts[op.accountId]!.roles[op.roleName]!.document = op.document;
    if (op.kind === "variable.create") next.targets[`${op.target.kind}:${op.target.path}`]!.variables!.push(managed(op.variable.key, op.variable.value, { environmentScope: op.variable.environmentScope, protected: op.variable.protected }));
  }
  return next;
}

/** One of every special case, on top of a converged state. */
export function mutated(desired: DesiredState, converged: ActualState): { desired: DesiredState; actual: ActualState } {
  const d = structuredClone(desired);
  const r = d.roles;
  r[0]!.mappings = [];
  r[1]!.production = true;
  r[1]!.mappings.push({ id: "wild", scope: "group", gitlabPath: "org1", refType: "any", refPattern: "*", environment: null, audience: "other-aud", protectedRefsOnly: false });
  r[2]!.quota = 2048;
  for (let i = 0; i < 60; i++) r[2]!.mappings.push({ id: `big${i}`, scope: "project", gitlabPath: `big/p${i}`, refType: "tag", refPattern: `v${i}.*`, environment: null, audience: "sts.amazonaws.com", protectedRefsOnly: true });
  r[3]!.mappings.push({ id: "bad", scope: "project", gitlabPath: "a/b", refType: "mr" as "branch", refPattern: "main", environment: null, audience: "sts.amazonaws.com", protectedRefsOnly: false });
  r[4]!.mappings.push({ ...r[5]!.mappings[0]!, id: "dupvar" });
  r.push({ id: "ghost", arn: `arn:aws:iam::${ACCOUNT}:role/ghost`, name: "ghost", accountId: ACCOUNT, production: false, quota: 2048, mappings: [{ id: "g1", scope: "group", gitlabPath: "ghosts", refType: "branch", refPattern: "main", environment: null, audience: "sts.amazonaws.com", protectedRefsOnly: false }] });
  r.push({ id: "other", arn: "arn:aws:iam::999999999999:role/x", name: "x", accountId: "999999999999", production: false, quota: 2048, mappings: [] });
  d.knownTargets = [{ kind: "project", path: "old/gone" }, { kind: "group", path: "old/grp" }, { kind: "project", path: "org1/svc1" }];

  const a = structuredClone(converged);
  a.targets["project:old/gone"] = { target: { kind: "project", path: "old/gone" }, variables: null };
  a.targets["group:old/grp"] = { target: { kind: "group", path: "old/grp" }, variables: [managed("ROLE_ARN", "x"), managed("FOO", "y", { description: null })] };
  a.targets["project:org2/svc2"] = { target: { kind: "project", path: "org2/svc2" }, error: "boom", variables: null };
  a.targets["group:org1"] = { target: { kind: "group", path: "org1" }, variables: [managed("ROLE_ARN", "foreign", { description: "someone" })] };
  const t3 = a.targets["project:org3/svc3"]!.variables!;
  t3[0]!.value = "changed";
  if (t3[1]) t3[1].masked = true;
  if (t3[2]) t3[2].protected = !t3[2].protected;
  t3.push(managed("LEFTOVER", "z", { environmentScope: "env9" }));
  t3.push(managed("ROLE_ARN", "duplicate", { environmentScope: t3[0]!.environmentScope }));
  const roles = a.accounts[ACCOUNT]!.roles;
  const statements = (name: string) => (JSON.parse(roles[name]!.document) as { Statement: Record<string, unknown>[] }).Statement;
  roles["bench-6"]!.document = encodeURIComponent(roles["bench-6"]!.document);
  roles["bench-7"]!.document = "not json";
  roles["bench-8"]!.document = JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "Wild", Effect: "Allow", Principal: "*", Action: "sts:AssumeRoleWithWebIdentity" }, ...statements("bench-8")] });
  roles["bench-9"]!.document = JSON.stringify({ Statement: [{ Sid: "Old", Effect: "Allow", Principal: { Federated: PROVIDER }, Action: "sts:AssumeRoleWithWebIdentity", Condition: { StringLike: { "gitlab.example.com:sub": ["project_path:org*/x:ref_type:branch:ref:${x}", "project_path:a/b:*", "project_path:a/b:*"] }, StringEquals: { "gitlab.example.com:aud": "*" } } }] });
  const s10 = statements("bench-10");
  (s10[s10.length - 1]!.Condition as { StringLike: Record<string, unknown> }).StringLike["gitlab.example.com:sub"] = "project_path:*";
  roles["bench-10"]!.document = JSON.stringify({ Version: "2012-10-17", Statement: s10 });
  roles["bench-11"]!.document = JSON.stringify(JSON.parse(roles["bench-11"]!.document), null, 2);
  roles["bench-12"]!.document = JSON.stringify({ Version: "2012-10-17", Statement: statements("bench-12").reverse() });
  roles["bench-13"]!.document = FOREIGN.replace("Ec2", "TrustmapManagedDEADBEEF");
  roles["bench-14"]!.document = JSON.stringify({ Version: "2008-10-17", Statement: [{ Sid: "V", Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRoleWithWebIdentity", Condition: { StringEquals: { "gitlab.example.com:sub": "${a}" } } }] });
  roles["bench-15"]!.document = JSON.stringify({ Version: "2012-10-17", Statement: { Sid: "TrustmapManaged00000000", Effect: "Allow", Principal: { Federated: "x" }, Action: "sts:AssumeRoleWithWebIdentity" } });
  roles["bench-17"]!.document = JSON.stringify({ Statement: statements("bench-17"), Version: "2012-10-17" });
  // Unchanged since written, with a `\u` escape in the text (a control character).
  const s18 = statements("bench-18");
  s18[0]!.Principal = { Service: "ec2.amazonaws.com\u0001" };
  roles["bench-18"]!.document = JSON.stringify({ Version: "2012-10-17", Statement: s18 });
  delete roles["bench-16"];
  return { desired: d, actual: a };
}
