/**
 * Settings → Import existing roles against moto: discovery, importing chosen grants as approved
 * mappings with their provenance, the re-read at import time, and the read-only CLI listing.
 */
import { CreateRoleCommand, UpdateAssumeRolePolicyCommand } from "@aws-sdk/client-iam";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { importGrantsAction } from "@/lib/actions/settings/import-grants";
import { readTrustPolicy } from "@/lib/policy";
import { getMappingDetail } from "@/lib/mappings/service";
import { importSourceText } from "@/lib/mappings/rows";
import { computePlan, discoverImports, importGrants } from "@/lib/reconcile/service";
import { signInAs } from "../../support/session";
import { motoSdk } from "../aws/moto-iam";
import { FOREIGN_STATEMENT, PROVIDER_ARN, setupReconcile, trustmapCli } from "./harness";

vi.mock("@/lib/auth/config", async () => (await import("../../support/session")).mockAuthModule());
vi.mock("next/cache", () => ({ revalidatePath: vi.fn(), revalidateTag: vi.fn() }));

const h = setupReconcile();
let adminId: string;

beforeAll(async () => {
  adminId = (await h.db.user.create({ data: { username: "admin-1", name: "Admin", role: "admin" } })).id;
});

const MAIN = "project_path:team/app:ref_type:branch:ref:main";
const TAGS = "project_path:ops/*:ref_type:tag:ref:v*";

/** A trust statement someone wrote by hand, trusting two GitLab projects. */
const HAND_WRITTEN = {
  Sid: "HandWritten",
  Effect: "Allow",
  Principal: { Federated: PROVIDER_ARN },
  Action: "sts:AssumeRoleWithWebIdentity",
  Condition: { StringEquals: { "gitlab.example.com:aud": "sts.amazonaws.com" }, StringLike: { "gitlab.example.com:sub": [MAIN, TAGS] } },
};

const policy = (...statements: object[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });

async function createRole(name: string, ...statements: object[]) {
  await motoSdk(h.moto).send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: policy(...statements) }));
}

const cli = (...args: string[]) => trustmapCli(h, ...args);

const admin = () => ({ id: adminId, label: "admin-1" });

/** Audit events the admin caused (the log is append-only, so tests compare counts before and after). */
const adminEvents = () => h.db.auditEvent.count({ where: { actorId: adminId, action: { in: ["mapping.imported", "settings.changed"] } } });

describe("discovering roles to import", () => {
  it("lists unregistered roles that trust the GitLab provider statement by statement, and registered ones only for hand-written statements", async () => {
    const registered = await h.addRole("registered");
    await h.approveMapping(registered.id);
    await motoSdk(h.moto).send(new UpdateAssumeRolePolicyCommand({ RoleName: "registered", PolicyDocument: policy(FOREIGN_STATEMENT, HAND_WRITTEN) }));
    await createRole("brownfield", HAND_WRITTEN);
    await createRole("ec2-only", FOREIGN_STATEMENT);
    const eventsBefore = await h.db.auditEvent.count({ where: { action: { in: ["mapping.imported", "settings.changed"] } } });

    const [account] = await discoverImports({ ports: h.ports(), db: h.db });

    expect(account!.error).toBeNull();
    expect(account!.candidates.map((c) => [c.roleName, c.registered])).toEqual([["brownfield", false], ["registered", true]]);
    const brownfield = account!.candidates[0]!;
    expect(brownfield.statements.map((s) => [s.statementIndex, s.sid, s.proposals.map((p) => [p.pattern, p.alreadyMapped])])).toEqual([[0, "HandWritten", [[MAIN, false], [TAGS, false]]]]);
    // The registered role already maps team/app on main (harness default): that grant is marked.
    expect(account!.candidates[1]!.statements[0]!.proposals.map((p) => [p.pattern, p.alreadyMapped])).toEqual([[MAIN, true], [TAGS, false]]);
    // Reading is all it does.
    expect(await h.db.iamRole.count()).toBe(1);
    expect(await h.db.auditEvent.count({ where: { action: { in: ["mapping.imported", "settings.changed"] } } })).toBe(eventsBefore);
  });

  it("reports an account it cannot read and still lists the others", async () => {
    await createRole("brownfield", HAND_WRITTEN);
    await h.db.awsAccount.create({ data: { accountId: "444455556666", name: "elsewhere", issuerUrl: "https://gitlab.example.com", audiences: ["sts.amazonaws.com"], region: "eu-west-1" } });
    Object.assign(process.env, h.childEnv());
    const accounts = await discoverImports({ db: h.db });
    expect(accounts.map((a) => [a.accountId, a.error === null ? "read" : a.error])).toEqual([
      ["123456789012", "read"],
      ["444455556666", expect.stringContaining("belong to account 123456789012, not 444455556666")],
    ]);
    expect(accounts[0]!.candidates.map((c) => c.roleName)).toEqual(["brownfield"]);
  });
});

describe("importing chosen grants", () => {
  it("registers the role and records the chosen grants as approved mappings imported by the admin from their statement, audited", async () => {
    await createRole("brownfield", FOREIGN_STATEMENT, HAND_WRITTEN);
    Object.assign(process.env, h.childEnv());
    const candidate = (await discoverImports({ db: h.db }))[0]!.candidates[0]!;
    signInAs(adminId);
    const firstEvent = (await h.db.auditEvent.aggregate({ _max: { id: true } }))._max.id ?? 0n;

    const result = await importGrantsAction({
      accountId: candidate.accountId,
      roleName: "brownfield",
      policySha256: candidate.policySha256,
      grants: [{ statementIndex: 1, pattern: MAIN, audience: "sts.amazonaws.com" }],
      justification: "brownfield onboarding",
      production: true,
      trustPolicyQuota: 4096,
    });

    if (!result.ok) throw new Error(result.error);
    expect(result.data).toMatchObject({ registered: "new", mappingIds: [expect.any(String)] });
    const role = await h.db.iamRole.findUniqueOrThrow({ where: { arn: candidate.roleArn } });
    expect([role.production, role.trustPolicyQuota, role.deregisteredAt]).toEqual([true, 4096, null]);
    const mapping = await h.db.mapping.findUniqueOrThrow({ where: { id: result.data.mappingIds[0]! } });
    expect(mapping).toMatchObject({
      status: "approved",
      provenance: "imported",
      importedById: adminId,
      requesterId: adminId,
      scope: "project",
      gitlabPath: "team/app",
      refType: "branch",
      refPattern: "main",
      audience: "sts.amazonaws.com",
      justification: "brownfield onboarding",
      importedFrom: { roleArn: candidate.roleArn, statementIndex: 1, sid: "HandWritten", pattern: MAIN, policySha256: candidate.policySha256 },
    });
    expect(await h.db.mappingApproval.count({ where: { mappingId: mapping.id } })).toBe(0);
    // The other grant of the statement was not chosen, so it was not imported.
    expect(await h.db.mapping.count({ where: { roleId: role.id } })).toBe(1);
    const events = await h.db.auditEvent.findMany({ where: { actorId: adminId, id: { gt: firstEvent } }, orderBy: { id: "asc" } });
    expect(events.map((e) => [e.action, (e.data as { change?: string }).change ?? null])).toEqual([["settings.changed", "iam_role.imported"], ["mapping.imported", null]]);
    expect(events[1]!.data).toMatchObject({ importedFrom: { statementIndex: 1, sid: "HandWritten", pattern: MAIN }, status: "approved" });

    const detail = await getMappingDetail(mapping.id);
    expect(detail!.provenance).toMatchObject({ kind: "imported", by: "admin-1" });
    if (detail!.provenance.kind !== "imported") throw new Error("not imported");
    expect(importSourceText(detail!.provenance.from)).toBe(`statement HandWritten (#1) of ${candidate.roleArn}, sub pattern ${MAIN}`);
  });

  it("adds no access: the next plan writes trustmap's statement with exactly the imported patterns and keeps the hand-written one", async () => {
    await createRole("brownfield", HAND_WRITTEN);
    const candidate = (await discoverImports({ ports: h.ports(), db: h.db }))[0]!.candidates[0]!;
    await importGrants(admin(), { accountId: candidate.accountId, roleName: "brownfield", policySha256: candidate.policySha256, grants: [{ statementIndex: 0, pattern: MAIN, audience: "sts.amazonaws.com" }, { statementIndex: 0, pattern: TAGS, audience: "sts.amazonaws.com" }], justification: "j", production: false, trustPolicyQuota: 2048 }, { ports: h.ports(), db: h.db });

    const { plan } = await computePlan({ ports: h.ports(), db: h.db });
    const update = plan.operations.find((op) => op.kind === "trust-policy.update");
    if (update?.kind !== "trust-policy.update") throw new Error("no trust policy update");
    const read = readTrustPolicy(update.document);
    if (!read.ok) throw new Error("unreadable");
    expect(read.grants.filter((g) => !g.owned).map((g) => g.sid)).toEqual(["HandWritten"]);
    expect(read.grants.filter((g) => g.owned).flatMap((g) => g.subjects.flatMap((s) => s.values)).sort()).toEqual([MAIN, TAGS].sort());
    expect(read.grants.filter((g) => g.owned).flatMap((g) => g.audiences.flatMap((a) => a.values))).toEqual(["sts.amazonaws.com"]);
  });

  it("is refused when the trust policy changed in IAM since it was shown, and records nothing", async () => {
    await createRole("brownfield", HAND_WRITTEN);
    const candidate = (await discoverImports({ ports: h.ports(), db: h.db }))[0]!.candidates[0]!;
    const before = await adminEvents();
    // Someone narrows the statement after the admin looked.
    await motoSdk(h.moto).send(new UpdateAssumeRolePolicyCommand({ RoleName: "brownfield", PolicyDocument: policy({ ...HAND_WRITTEN, Condition: { ...HAND_WRITTEN.Condition, StringLike: { "gitlab.example.com:sub": [MAIN] } } }) }));

    await expect(
      importGrants(admin(), { accountId: candidate.accountId, roleName: "brownfield", policySha256: candidate.policySha256, grants: [{ statementIndex: 0, pattern: TAGS, audience: "sts.amazonaws.com" }], justification: "j", production: false, trustPolicyQuota: 2048 }, { ports: h.ports(), db: h.db }),
    ).rejects.toMatchObject({ code: "CONFLICT", userMessage: expect.stringContaining("changed in IAM since it was shown; nothing was imported") });
    expect(await h.db.iamRole.count()).toBe(0);
    expect(await h.db.mapping.count()).toBe(0);
    expect(await adminEvents()).toBe(before);
  });

  it("imports only grants the policy holds now, even with its current fingerprint", async () => {
    await createRole("brownfield", HAND_WRITTEN);
    const candidate = (await discoverImports({ ports: h.ports(), db: h.db }))[0]!.candidates[0]!;
    const wider = "project_path:team/*:ref_type:branch:ref:*";
    await expect(
      importGrants(admin(), { accountId: candidate.accountId, roleName: "brownfield", policySha256: candidate.policySha256, grants: [{ statementIndex: 0, pattern: MAIN, audience: "sts.amazonaws.com" }, { statementIndex: 0, pattern: wider, audience: "sts.amazonaws.com" }], justification: "j", production: false, trustPolicyQuota: 2048 }, { ports: h.ports(), db: h.db }),
    ).rejects.toMatchObject({ code: "BAD_INPUT", userMessage: expect.stringContaining(`${wider} (aud sts.amazonaws.com) is not a grant the role's trust policy holds`) });
    expect(await h.db.mapping.count()).toBe(0);
  });

  it("adds grants of a registered role's hand-written statement, and refuses one it already maps", async () => {
    const registered = await h.addRole("registered");
    await h.approveMapping(registered.id);
    await motoSdk(h.moto).send(new UpdateAssumeRolePolicyCommand({ RoleName: "registered", PolicyDocument: policy(FOREIGN_STATEMENT, HAND_WRITTEN) }));
    const candidate = (await discoverImports({ ports: h.ports(), db: h.db }))[0]!.candidates[0]!;
    const input = { accountId: candidate.accountId, roleName: "registered", policySha256: candidate.policySha256, justification: "j", production: false, trustPolicyQuota: 2048 as const };
    const registrations = await h.db.auditEvent.count({ where: { actorId: adminId, action: "settings.changed" } });

    await expect(importGrants(admin(), { ...input, grants: [{ statementIndex: 1, pattern: MAIN, audience: "sts.amazonaws.com" }] }, { ports: h.ports(), db: h.db })).rejects.toMatchObject({ code: "BAD_INPUT", userMessage: expect.stringContaining("already a mapping of this role") });
    const added = await importGrants(admin(), { ...input, grants: [{ statementIndex: 1, pattern: TAGS, audience: "sts.amazonaws.com" }] }, { ports: h.ports(), db: h.db });

    expect(added).toMatchObject({ registered: "already", roleId: registered.id });
    expect(await h.db.mapping.count({ where: { roleId: registered.id, status: "approved" } })).toBe(2);
    // The role was registered already: no registration event, one mapping.imported.
    expect(await h.db.auditEvent.count({ where: { actorId: adminId, action: "settings.changed" } })).toBe(registrations);
  });

  it("imports a deregistered role again: the same row is registered again, its history kept", async () => {
    await createRole("brownfield", HAND_WRITTEN);
    const shown = (await discoverImports({ ports: h.ports(), db: h.db }))[0]!.candidates[0]!;
    const grant = { statementIndex: 0, pattern: MAIN, audience: "sts.amazonaws.com" };
    const first = await importGrants(admin(), { accountId: shown.accountId, roleName: "brownfield", policySha256: shown.policySha256, grants: [grant], justification: "j", production: false, trustPolicyQuota: 2048 }, { ports: h.ports(), db: h.db });
    await h.db.mapping.update({ where: { id: first.mappingIds[0]! }, data: { status: "revoked", decisionReason: "paused" } });
    await h.db.iamRole.update({ where: { id: first.roleId }, data: { deregisteredAt: new Date() } });

    const again = (await discoverImports({ ports: h.ports(), db: h.db }))[0]!.candidates[0]!;
    expect([again.roleName, again.registered]).toEqual(["brownfield", false]);
    const second = await importGrants(admin(), { accountId: again.accountId, roleName: "brownfield", policySha256: again.policySha256, grants: [grant], justification: "back", production: false, trustPolicyQuota: 2048 }, { ports: h.ports(), db: h.db });

    expect(second).toMatchObject({ registered: "again", roleId: first.roleId });
    expect((await h.db.iamRole.findUniqueOrThrow({ where: { id: first.roleId } })).deregisteredAt).toBeNull();
    expect((await h.db.mapping.findMany({ where: { roleId: first.roleId }, orderBy: { createdAt: "asc" } })).map((m) => m.status)).toEqual(["revoked", "approved"]);
    const event = await h.db.auditEvent.findFirstOrThrow({ where: { action: "settings.changed", resourceId: first.roleId }, orderBy: { id: "desc" } });
    expect(event.data).toMatchObject({ change: "iam_role.imported", reregistered: true });
  });

  it("is an admin's action: an approver is refused, and the refusal audited", async () => {
    await createRole("brownfield", HAND_WRITTEN);
    signInAs(h.userId);
    const denials = () => h.db.auditEvent.count({ where: { actorId: h.userId, action: "auth.denied" } });
    const before = await denials();
    const result = await importGrantsAction({ accountId: "123456789012", roleName: "brownfield", policySha256: "0".repeat(64), grants: [{ statementIndex: 0, pattern: MAIN, audience: "sts.amazonaws.com" }], justification: "j" });
    expect(result).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(await denials()).toBe(before + 1);
    expect(await h.db.mapping.count()).toBe(0);
  });
});

describe("npm run trustmap -- import", () => {
  it("lists what could be imported, read-only: exit 0, --json machine-readable, --account narrows", async () => {
    await createRole("brownfield", HAND_WRITTEN);
    const listed = await cli("import");
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toContain("AWS account sandbox (123456789012)");
    expect(listed.stdout).toContain(`+ project team/app · branch main, aud sts.amazonaws.com  (from ${MAIN})`);
    expect(listed.stdout).toContain("2 grant(s) could be imported.");

    const json = await cli("import", "--account", "123456789012", "--json");
    expect(json.code, json.stderr).toBe(0);
    const parsed = JSON.parse(json.stdout) as { accounts: { accountId: string; candidates: { roleName: string; policySha256: string }[] }[]; importable: number; unread: string[] };
    expect(parsed.accounts.map((a) => [a.accountId, a.candidates.map((c) => c.roleName)])).toEqual([["123456789012", ["brownfield"]]]);
    expect([parsed.importable, parsed.unread]).toEqual([2, []]);
    expect(await h.db.iamRole.count()).toBe(0);
    expect(await h.db.mapping.count()).toBe(0);
  }, 60_000);

  it("exits 1 when an account could not be read (still listing the others), on an unknown account and on a bad --account", async () => {
    await createRole("brownfield", HAND_WRITTEN);
    await h.db.awsAccount.create({ data: { accountId: "444455556666", name: "elsewhere", issuerUrl: "https://gitlab.example.com", audiences: ["sts.amazonaws.com"], region: "eu-west-1" } });
    const listed = await cli("import");
    expect(listed.code).toBe(1);
    expect(listed.stdout).toContain("! not read: ");
    expect(listed.stdout).toContain("2 grant(s) could be imported; 1 account(s) NOT read.");

    const unknown = await cli("import", "--account", "999999999999");
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("AWS account 999999999999 is not connected.");
    const bad = await cli("import", "--account", "12");
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("usage: npm run trustmap");
  }, 90_000);
});
