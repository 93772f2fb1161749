/**
 * Issue #12 phase B through the real services and routes, against the GitLab fake (gitbeaker,
 * GitLab's documented REST fields): a request's risk judged with GitLab's facts, what an approver
 * sees on the card, GitLab's side since approval in the drift check, and GET /api/v1/access/people.
 */
import { NextRequest } from "next/server";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { GET as peopleRoute } from "@/app/api/v1/access/people/route";
import { approveRequest, listApprovalQueue } from "@/lib/approvals/service";
import type { Db } from "@/lib/db/prisma";
import { checkGitLabSinceApproval } from "@/lib/gitlab-facts/service";
import { connectGitLab } from "@/lib/gitlab/connection";
import { createRequest } from "@/lib/requests/service";
import type { CurrentUser } from "@/lib/users/current-user";
import { useFreshDatabase } from "@/tests/support/db";
import { signInAs } from "@/tests/support/session";
import { setupGitLabFake, TOKEN } from "@/tests/integration/gitlab/harness";
import { requestInput, seedWorkflow } from "@/tests/integration/workflow/fixtures";

vi.mock("@/lib/auth/config", async () => (await import("@/tests/support/session")).mockAuthModule());
vi.mock("next/headers", () => ({ headers: vi.fn(async () => new Headers()) }));

const gitlab = setupGitLabFake();
let db: Db;
let w: Awaited<ReturnType<typeof seedWorkflow>>;
const as: Record<string, CurrentUser> = {};

beforeAll(async () => {
  ({ db } = await useFreshDatabase());
  w = await seedWorkflow(db);
  for (const u of [w.ria, w.avery, w.blake, w.audra, w.ada]) as[u.username] = { id: u.id, username: u.username, name: u.name, role: u.role, isDemo: false };
  process.env.GITLAB_URL = gitlab.fake.url;
  process.env.GITLAB_TOKEN = TOKEN;
  return () => {
    delete process.env.GITLAB_URL;
    delete process.env.GITLAB_TOKEN;
  };
});

// Each test starts from no requests and no facts read (the fake is reset after each test).
beforeEach(async () => {
  await db.mappingApproval.deleteMany();
  await db.mapping.deleteMany();
  await db.gitLabProjectFacts.deleteMany();
});

/** acme/web: `main` protected for Maintainers, `feature/x` not; an Owner, a Maintainer, two Developers and a Reporter. */
function seedAcmeWeb() {
  const s = gitlab.fake.state;
  for (const [username, name] of [["olga", "Olga Owner"], ["max", "Max Maintainer"], ["dev1", "Dev One"], ["dev2", "Dev Two"], ["rita", "Rita Reporter"]] as const) s.addUser({ username, name });
  s.addProject("acme/web", { branches: ["main", "feature/x"], protectedBranches: ["main"] });
  for (const [username, level] of [["olga", 50], ["max", 40], ["dev1", 30], ["dev2", 30], ["rita", 20]] as const) s.addMember({ kind: "project", path: "acme/web" }, username, level);
}

async function file(over: Record<string, unknown>) {
  const res = await createRequest(as.ria!, requestInput(w.staging.id, over));
  if (!res.created) throw new Error(`not filed: ${JSON.stringify(res)}`);
  return res.id;
}

async function people(query: string) {
  const res = await peopleRoute(new NextRequest(`http://localhost/api/v1/access/people?${query}`), { params: Promise.resolve({}) });
  return { status: res.status, type: res.headers.get("content-type"), text: await res.text() };
}

describe("requests judged with GitLab's facts, and what the approver sees", () => {
  it("an unprotected branch is filed high risk with the reason; the approval card shows the diff and who can push it", async () => {
    seedAcmeWeb();
    const risky = await file({ refPattern: "feature/x" });
    const safe = await file({ refPattern: "main" });

    expect(await db.mapping.findUniqueOrThrow({ where: { id: risky } })).toMatchObject({ riskTier: "high", requiredApprovals: 2 });
    expect(await db.mapping.findUniqueOrThrow({ where: { id: safe } })).toMatchObject({ riskTier: "normal", requiredApprovals: 1 });
    const filed = await db.auditEvent.findFirstOrThrow({ where: { action: "mapping.requested", resourceId: risky } });
    expect((filed.data as { riskReasons: string[] }).riskReasons).toEqual(["feature/x on acme/web is not protected: 4 people with Developer access can push it"]);

    const queue = await listApprovalQueue();
    const card = queue.rows.find((r) => r.id === risky)?.review;
    expect(card?.filed).toEqual({ tier: "high", requiredApprovals: 2, reasons: ["feature/x on acme/web is not protected: 4 people with Developer access can push it"] });
    expect(card?.subPatterns).toEqual(["project_path:acme/web:ref_type:branch:ref:feature/x"]);
    expect(card?.gitlab).toMatchObject({ checked: true, reason: null, targets: [{ project: "acme/web", protected: false, allowForcePush: false }] });
    expect(card?.gitlab.targets[0]?.people.map((p) => [p.username, p.accessLevel])).toEqual([["olga", 50], ["max", 40], ["dev1", 30], ["dev2", 30]]);
    expect(card?.diff).toHaveLength(1);
    expect(JSON.stringify(card?.diff[0]?.after)).toContain("project_path:acme/web:ref_type:branch:ref:feature/x");
    expect(card?.policy).toMatchObject({ ok: true, basedOn: "desired-only" });
    const mainCard = queue.rows.find((r) => r.id === safe)?.review;
    expect(mainCard?.gitlab.targets[0]?.people.map((p) => p.username)).toEqual(["olga", "max"]);
  });

  it("a ref that lost its protection after approval is found by the drift check, and still found next time", async () => {
    seedAcmeWeb();
    const id = await file({ refPattern: "main" });
    await approveRequest(as.avery!, { mappingId: id, comment: null });
    expect(await db.mappingGitLabBaseline.count({ where: { mappingId: id } })).toBe(1);

    const port = connectGitLab("facts");
    const later = new Date(Date.now() + 11 * 60_000);
    expect((await checkGitLabSinceApproval({ db, port, now: () => later })).findings).toEqual([]);

    gitlab.fake.state.findProject("acme/web")!.protectedBranches = [];
    const muchLater = new Date(later.getTime() + 11 * 60_000);
    const found = await checkGitLabSinceApproval({ db, port, now: () => muchLater });
    expect(found.refreshed).toBe(1);
    expect(found.findings).toEqual([expect.objectContaining({ code: "ref-lost-protection", project: "acme/web", ref: "main", refType: "branch", mappingIds: [id] })]);
    expect(found.findings[0]?.message).toContain("main on acme/web is not protected");

    const again = await checkGitLabSinceApproval({ db, port, now: () => new Date(muchLater.getTime() + 11 * 60_000) });
    expect(again.findings.map((f) => f.code)).toEqual(["ref-lost-protection"]);
  });
});

describe("GET /api/v1/access/people", () => {
  it("who can assume a role, as people with how, from the approved mappings when IAM was not read (labelled), and as CSV", async () => {
    seedAcmeWeb();
    const id = await file({ refPattern: "main" });
    await approveRequest(as.avery!, { mappingId: id, comment: null });
    signInAs(w.audra.id);

    const json = await people(`roleId=${w.staging.id}`);
    expect(json.status).toBe(200);
    const body = JSON.parse(json.text) as { role: { id: string }; basedOn: string; people: { username: string; name: string; accessLevel: number; via: { project: string; refType: string; ref: string; grant: string; how: string }[] }[] };
    expect(body.role.id).toBe(w.staging.id);
    expect(body.basedOn).toBe("desired");
    expect(body.people.map((p) => [p.username, p.name, p.accessLevel])).toEqual([["olga", "Olga Owner", 50], ["max", "Max Maintainer", 40]]);
    expect(body.people[1]?.via).toEqual([{ project: "acme/web", refType: "branch", ref: "main", grant: "project_path:acme/web:ref_type:branch:ref:main", how: expect.stringContaining("Maintainer") }]);
    expect(Object.keys(body).sort()).toEqual(["basedOn", "people", "role"]);

    const csv = await people(`roleId=${w.staging.id}&format=csv`);
    expect(csv.type).toBe("text/csv; charset=utf-8");
    const lines = csv.text.trim().split(/\r?\n/);
    expect(lines[0]).toBe("role_arn,based_on,username,name,access_level,role,project,ref_type,ref,grant,how");
    expect(lines.slice(1).map((l) => l.split(",")[2])).toEqual(["olga", "max"]);
  });

  it("what a user can reach, and who may ask: approvers, auditors and admins; requesters are refused", async () => {
    seedAcmeWeb();
    const id = await file({ refPattern: "main" });
    await approveRequest(as.avery!, { mappingId: id, comment: null });

    signInAs(w.avery.id);
    const max = await people("username=MAX");
    expect(max.status).toBe(200);
    expect(JSON.parse(max.text)).toEqual({ username: "MAX", roles: [{ roleArn: w.staging.arn, via: [expect.objectContaining({ project: "acme/web", refType: "branch", ref: "main" })] }] });
    expect(JSON.parse((await people("username=dev1")).text)).toEqual({ username: "dev1", roles: [] });
    expect((await people("username=max&format=csv")).text.split(/\r?\n/)[0]).toBe("username,role_arn,project,ref_type,ref,grant,how");

    signInAs(w.ada.id);
    expect((await people("username=max")).status).toBe(200);
    signInAs(w.ria.id);
    expect((await people(`roleId=${w.staging.id}`)).status).toBe(403);
    signInAs(w.audra.id);
    expect((await people("")).status).toBe(400);
    expect((await people(`roleId=${w.staging.id}&username=max`)).status).toBe(400);
    expect((await people("roleId=00000000-0000-4000-8000-000000000000")).status).toBe(404);
  });
});
