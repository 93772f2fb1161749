/**
 * Effective access from the actual trust policy (with desired differences), its CSV export, and
 * the audit log's filters, keyset pages, export and "verify chain".
 */
import { beforeAll, describe, expect, it, vi } from "vitest";
import { createPrismaClient, type Db } from "@/lib/db/prisma";
import { createRequestAction } from "@/lib/actions/requests/create-request";
import { approveRequestAction } from "@/lib/actions/approvals/approve-request";
import { verifyAuditChainAction } from "@/lib/actions/audit/verify-audit-chain";
import { whoCanAssumeCsv } from "@/lib/access/csv";
import { whatCanProjectAssume, whoCanAssumeRole } from "@/lib/access/service";
import { iterateAuditEvents, listAuditEvents } from "@/lib/audit/service";
import { ZAuditFilters } from "@/lib/schemas/audit";
import { compileTrustPolicy, managedSid } from "@/lib/policy";
import { useFreshDatabase, type FreshDatabase } from "../../support/db";
import { signInAs } from "../../support/session";
import { requestInput, seedWorkflow } from "./fixtures";

vi.mock("@/lib/auth/config", async () => (await import("../../support/session")).mockAuthModule());
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

const PROVIDER = "arn:aws:iam::111122223333:oidc-provider/gitlab.com";
let db: Db;
let fresh: FreshDatabase;
let w: Awaited<ReturnType<typeof seedWorkflow>>;
let webId: string;
let apiId: string;

async function approved(path: string, over: Record<string, unknown> = {}): Promise<string> {
  signInAs(w.ria.id);
  const res = await createRequestAction(requestInput(w.staging.id, { gitlabPath: path, ...over }));
  if (!res.ok || !res.data.created) throw new Error(JSON.stringify(res));
  signInAs(w.avery.id);
  expect(await approveRequestAction({ mappingId: res.data.id })).toMatchObject({ ok: true });
  return res.data.id;
}

beforeAll(async () => {
  fresh = await useFreshDatabase();
  ({ db } = fresh);
  w = await seedWorkflow(db);
  webId = await approved("acme/web");
  apiId = await approved("acme/api");
});

describe("who can assume a role", () => {
  it("without an IAM read, shows the desired state only and says so", async () => {
    const view = await whoCanAssumeRole({ roleId: w.staging.id, show: "all", format: "json", sort: "policy", dir: "asc" });
    expect(view.role.actualRead).toBe(false);
    expect(view.rows.map((r) => [r.source, r.pattern, r.difference])).toEqual(
      expect.arrayContaining([
        ["desired", "project_path:acme/web:ref_type:branch:ref:main", null],
        ["desired", "project_path:acme/api:ref_type:branch:ref:main", null],
      ]),
    );
    expect(whoCanAssumeCsv(view)).toContain("not read from IAM yet");
  });

  it("reads the actual policy: grants traced to their mapping and approvers, foreign grants, and both kinds of difference", async () => {
    // IAM holds acme/web (applied), a pattern nobody asked for, and a hand-written statement; acme/api was never applied.
    const compiled = compileTrustPolicy({ mappings: [{ id: webId, selector: { scope: "project", path: "acme/web", refType: "branch", ref: "main" }, audience: "https://gitlab.com", providerArn: PROVIDER }] });
    if (!compiled.ok) throw new Error(compiled.error.message);
    const managed = compiled.policy.Statement as unknown as { Sid: string; Condition: { StringLike: Record<string, unknown> } }[];
    managed[0]!.Condition.StringLike["gitlab.com:sub"] = ["project_path:acme/web:ref_type:branch:ref:main", "project_path:rogue/app:ref_type:branch:ref:*"];
    const foreign = { Sid: "HandWritten", Effect: "Allow", Principal: { Federated: PROVIDER }, Action: "sts:AssumeRoleWithWebIdentity", Condition: { StringEquals: { "gitlab.com:aud": "https://gitlab.com" }, StringLike: { "gitlab.com:sub": "project_path:legacy/deployer:ref_type:branch:ref:main" } } };
    await db.iamRole.update({ where: { id: w.staging.id }, data: { actualTrustPolicy: { Version: "2012-10-17", Statement: [...managed, foreign] } as object, actualFetchedAt: new Date() } });

    const view = await whoCanAssumeRole({ roleId: w.staging.id, show: "all", format: "json", sort: "policy", dir: "asc" });
    expect(view.role.actualRead).toBe(true);
    const byPattern = new Map(view.rows.map((r) => [r.pattern, r]));
    const web = byPattern.get("project_path:acme/web:ref_type:branch:ref:main")!;
    expect(web).toMatchObject({ source: "actual", managed: true, sid: managedSid(PROVIDER, "https://gitlab.com"), difference: "in-both", projects: "project acme/web", refs: "branch main" });
    expect(web.mappings).toEqual([expect.objectContaining({ id: webId, requester: "ria", approvers: ["avery"] })]);
    expect(byPattern.get("project_path:rogue/app:ref_type:branch:ref:*")).toMatchObject({ source: "actual", difference: "actual-only", mappings: [] });
    expect(byPattern.get("project_path:legacy/deployer:ref_type:branch:ref:main")).toMatchObject({ managed: false, difference: "foreign", sid: "HandWritten" });
    expect(byPattern.get("project_path:acme/api:ref_type:branch:ref:main")).toMatchObject({ source: "desired", difference: "desired-only", mappings: [expect.objectContaining({ id: apiId })] });

    const diffs = await whoCanAssumeRole({ roleId: w.staging.id, show: "differences", format: "json", sort: "policy", dir: "asc" });
    expect(diffs.rows.map((r) => r.difference).sort()).toEqual(["actual-only", "desired-only", "foreign"]);
    const filtered = await whoCanAssumeRole({ roleId: w.staging.id, q: "legacy", show: "all", format: "json", sort: "policy", dir: "asc" });
    expect(filtered.rows).toHaveLength(1);

    // Sorted on the server by the State column: what the next apply changes first, what agrees last; ties keep the policy's order.
    const byState = await whoCanAssumeRole({ roleId: w.staging.id, show: "all", format: "json", sort: "state", dir: "asc" });
    expect(byState.rows.map((r) => r.difference)).toEqual(["actual-only", "desired-only", "foreign", "in-both"]);
    const byStateDesc = await whoCanAssumeRole({ roleId: w.staging.id, show: "all", format: "json", sort: "state", dir: "desc" });
    expect(byStateDesc.rows.map((r) => r.difference)).toEqual(["in-both", "foreign", "desired-only", "actual-only"]);
    const byProjects = await whoCanAssumeRole({ roleId: w.staging.id, show: "all", format: "json", sort: "projects", dir: "asc" });
    expect(byProjects.rows.map((r) => r.projects)).toEqual([...byProjects.rows.map((r) => r.projects)].sort((a, b) => a.localeCompare(b, "en")));

    const csv = whoCanAssumeCsv(view);
    expect(csv.split("\r\n")[0]).toBe("role_arn,source,managed_by_trustmap,sid,effect,principal,audiences,sub_pattern,projects,refs,mapping_ids,requesters,approvers,difference,notes");
    expect(csv).toContain(`project_path:acme/web:ref_type:branch:ref:main,project acme/web,branch main,${webId},ria,avery,in-both`);
    expect(csv).toContain("no (not managed by trustmap)");
  });

  it("what can a project assume: every allowing role with the evaluator's reason", async () => {
    const view = await whatCanProjectAssume({ project: "acme/web", refType: "branch", ref: "main", format: "json", sort: "role", dir: "asc" });
    expect(view.sub).toBe("project_path:acme/web:ref_type:branch:ref:main");
    expect(view.rows).toHaveLength(1);
    const row = view.rows[0]!;
    expect(row).toMatchObject({ roleArn: w.staging.arn, source: "actual", decision: "Allow", mappings: [expect.objectContaining({ id: webId })] });
    const sub = row.statements[0]!.conditions.find((c) => c.key === "gitlab.com:sub")!;
    expect(sub).toMatchObject({ matched: true, decidingValue: "project_path:acme/web:ref_type:branch:ref:main" });
    expect((await whatCanProjectAssume({ project: "acme/web", refType: "tag", ref: "main", format: "json", sort: "role", dir: "asc" })).rows).toHaveLength(0);
    // The foreign grant counts too: access is what IAM allows, not only what trustmap manages.
    const legacy = await whatCanProjectAssume({ project: "legacy/deployer", refType: "branch", ref: "main", format: "json", sort: "role", dir: "asc" });
    expect(legacy.rows[0]).toMatchObject({ roleArn: w.staging.arn, mappings: [], statements: [expect.objectContaining({ sid: "HandWritten", managed: false })] });
  });
});

describe("audit log", () => {
  it("filters by actor, type, project, role and time", async () => {
    const q = (f: Record<string, string>) => listAuditEvents(ZAuditFilters.parse(f));
    expect((await q({ actor: "avery", type: "mapping.approved" })).rows.map((r) => r.resourceId).sort()).toEqual([webId, apiId].sort());
    expect((await q({ project: "acme/api" })).rows.map((r) => r.action).sort()).toEqual(["mapping.approved", "mapping.requested"]);
    expect((await q({ role: "deploy-staging", type: "mapping.requested" })).rows).toHaveLength(2);
    expect((await q({ from: "2000-01-01", to: "2000-12-31" })).rows).toHaveLength(0);
    const today = new Date().toISOString().slice(0, 10);
    expect((await q({ from: today, to: today, type: "mapping." })).rows.length).toBe(4);
  });

  it("pages with a keyset cursor and exports every matching event", async () => {
    for (let i = 0; i < 60; i++) await db.$transaction((tx) => import("@/lib/audit/service").then((m) => m.appendAuditEvent(tx, { actorId: null, actorLabel: "system", action: "settings.changed", data: { i } })));
    const first = await listAuditEvents(ZAuditFilters.parse({ type: "settings.changed" }));
    expect(first.rows).toHaveLength(50);
    expect(first.nextBefore).not.toBeNull();
    const second = await listAuditEvents(ZAuditFilters.parse({ type: "settings.changed", before: first.nextBefore! }));
    expect(second.rows).toHaveLength(10);
    expect(second.nextBefore).toBeNull();
    const ids = [...first.rows, ...second.rows].map((r) => BigInt(r.id));
    expect(new Set(ids).size).toBe(60);
    const exported: string[] = [];
    for await (const e of iterateAuditEvents(ZAuditFilters.parse({ type: "settings.changed" }))) exported.push(e.id);
    expect(exported).toEqual([...first.rows, ...second.rows].map((r) => r.id));
  });

  it("sorts by actor or type on the server, paging with a (value, id) keyset that neither skips nor repeats an event", async () => {
    const all = await db.auditEvent.findMany({ select: { id: true, actorLabel: true, action: true } });
    for (const [sort, column] of [["actor", "actorLabel"], ["action", "action"]] as const) {
      for (const dir of ["asc", "desc"] as const) {
        const seen: { id: bigint; value: string }[] = [];
        let before: string | undefined;
        for (let pages = 0; pages < 20; pages++) {
          const page = await listAuditEvents(ZAuditFilters.parse({ sort, dir, ...(before ? { before } : {}) }));
          seen.push(...page.rows.map((r) => ({ id: BigInt(r.id), value: sort === "actor" ? r.actor : r.action })));
          if (!page.nextBefore) break;
          before = page.nextBefore;
        }
        const sign = dir === "asc" ? 1 : -1;
        const expected = [...all].sort((a, b) => sign * (a[column] < b[column] ? -1 : a[column] > b[column] ? 1 : a.id < b.id ? -1 : 1));
        expect(seen.map((e) => e.id), `${sort} ${dir}`).toEqual(expected.map((e) => e.id));
      }
    }
    // Oldest first is the id order going up.
    const oldest = await listAuditEvents(ZAuditFilters.parse({ sort: "at", dir: "asc" }));
    expect(oldest.rows[0]!.id).toBe(all.map((e) => e.id).sort((a, b) => (a < b ? -1 : 1))[0]!.toString());
    // A cursor to an event that is not there has no page after it.
    expect(await listAuditEvents(ZAuditFilters.parse({ sort: "actor", before: "999999999" }))).toEqual({ rows: [], nextBefore: null });
  });

  it("'verify chain' reports an intact chain, then the first broken link after a removal behind the database's back", async () => {
    signInAs(w.audra.id);
    expect(await verifyAuditChainAction({})).toMatchObject({ ok: true, data: { ok: true } });
    const victim = await db.auditEvent.findFirstOrThrow({ where: { action: "mapping.approved", resourceId: apiId } });
    // A database superuser works behind the app's back (the app's own role cannot).
    const rogue = createPrismaClient(fresh.urlAs("superuser"));
    await rogue.$executeRawUnsafe("alter table audit_events disable trigger audit_events_no_update_delete");
    await rogue.$executeRawUnsafe(`delete from audit_events where id = ${victim.id}`);
    await rogue.$executeRawUnsafe("alter table audit_events enable trigger audit_events_no_update_delete");
    await rogue.$disconnect();
    const next = await db.auditEvent.findFirstOrThrow({ where: { id: { gt: victim.id } }, orderBy: { id: "asc" } });
    expect(await verifyAuditChainAction({})).toMatchObject({ ok: true, data: { ok: false, brokenAtId: next.id.toString(), reason: expect.stringMatching(/removed/) } });
    signInAs(w.ria.id);
    expect(await verifyAuditChainAction({})).toMatchObject({ ok: false, code: "FORBIDDEN" });
  });

  it("the database itself refuses to edit or delete an audit row", async () => {
    const row = await db.auditEvent.findFirstOrThrow({ orderBy: { id: "desc" } });
    // The app's role has no UPDATE or DELETE on the table at all.
    await expect(db.$executeRawUnsafe(`update audit_events set actor_label = 'mallory' where id = ${row.id}`)).rejects.toThrow(/permission denied for table audit_events/);
    await expect(db.$executeRawUnsafe(`delete from audit_events where id = ${row.id}`)).rejects.toThrow(/permission denied for table audit_events/);
    // Even its owner, which may, meets the append-only trigger.
    const owner = createPrismaClient(fresh.urlAs("owner"));
    await expect(owner.$executeRawUnsafe(`update audit_events set actor_label = 'mallory' where id = ${row.id}`)).rejects.toThrow(/append-only: UPDATE/);
    await expect(owner.$executeRawUnsafe(`delete from audit_events where id = ${row.id}`)).rejects.toThrow(/append-only: DELETE/);
    await owner.$disconnect();
    expect((await db.auditEvent.findUniqueOrThrow({ where: { id: row.id } })).actorLabel).toBe(row.actorLabel);
  });
});
