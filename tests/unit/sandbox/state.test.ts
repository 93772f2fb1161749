import { describe, expect, it } from "vitest";
import { createMemoryIam, type MemoryIamState } from "@/lib/sandbox/aws/memory-iam";
import { MemoryGitLab, type MemoryGitLabState } from "@/lib/sandbox/gitlab/memory-port";
import { persistedGitLab, persistedIam, type StateCell } from "@/lib/sandbox/persisted";
import { describeIamPortContract } from "@/tests/unit/aws/iam-port-contract";

const POLICY = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] });

/** What a stored state goes through: JSON text in a jsonb column. */
const throughJson = <S>(state: S): S => JSON.parse(JSON.stringify(state)) as S;

/** A cell in memory that stores states as JSON, as the database does. */
function memoryCell<S>(): StateCell<S> & { stored(): S | null; writes: number } {
  let text: string | null = null;
  const cell = {
    writes: 0,
    stored: () => (text === null ? null : (JSON.parse(text) as S)),
    read: async <T>(fn: (s: S | null) => Promise<T>) => fn(cell.stored()),
    update: async <T>(fn: (s: S | null) => Promise<{ result: T; state: S }>) => {
      const { result, state } = await fn(cell.stored());
      text = JSON.stringify(state);
      cell.writes += 1;
      return result;
    },
  };
  return cell;
}

describe("the in-memory IAM port's state", () => {
  it("survives a JSON round trip: roles, providers, access keys and their dates", async () => {
    const iam = createMemoryIam({ accountId: "111122223333" });
    iam.addRole({ name: "deploy", trustPolicy: POLICY, tags: { team: "web" }, description: "d" });
    await iam.createOpenIDConnectProvider({ url: "https://gitlab.com", clientIds: ["https://gitlab.com"] });
    const keyId = iam.addAccessKey("ci", { lastUsed: { date: new Date("2026-11-01T10:00:00Z"), serviceName: "s3", region: "us-east-1" } });

    const copy = createMemoryIam({ state: throughJson(iam.exportState()) });
    expect(await copy.getRole("deploy")).toEqual(await iam.getRole("deploy"));
    expect((await copy.getRole("deploy")).createDate).toBeInstanceOf(Date);
    expect(await copy.listOpenIDConnectProviders()).toEqual(await iam.listOpenIDConnectProviders());
    expect(await copy.getOpenIDConnectProvider("arn:aws:iam::111122223333:oidc-provider/gitlab.com")).toEqual(
      await iam.getOpenIDConnectProvider("arn:aws:iam::111122223333:oidc-provider/gitlab.com"),
    );
    expect(await copy.listAccessKeys("ci")).toEqual(await iam.listAccessKeys("ci"));
    expect(await copy.getAccessKeyLastUsed(keyId)).toEqual({ userName: "ci", lastUsedDate: new Date("2026-11-01T10:00:00Z"), serviceName: "s3", region: "us-east-1" });
  });

  it("keeps counting request ids and key ids where the stored state left off (no id is handed out twice)", async () => {
    const iam = createMemoryIam();
    iam.addRole({ name: "a", trustPolicy: POLICY });
    const first = await iam.updateAssumeRolePolicy("a", POLICY);
    const copy = createMemoryIam({ state: throughJson(iam.exportState()) });
    const second = await copy.updateAssumeRolePolicy("a", POLICY);
    expect(second.requestId).not.toBe(first.requestId);
    expect(copy.addAccessKey("u")).not.toBe(iam.addAccessKey("u"));
  });
});

describe("the in-memory GitLab port's state", () => {
  it("survives a JSON round trip: groups, projects, branches, protection and variables (hidden values kept)", async () => {
    const gl = new MemoryGitLab();
    gl.addProject("acme/web", { branches: ["main", "staging"], protectedBranches: ["main"] });
    gl.addGroup("acme/platform");
    gl.seedVariable({ kind: "project", path: "acme/web" }, { key: "TOKEN", value: "c2VjcmV0LXZhbHVl", maskedAndHidden: true });
    await gl.createVariable({ kind: "group", path: "acme" }, { key: "AWS_REGION", value: "eu-west-1" });

    const copy = MemoryGitLab.fromState(throughJson(gl.exportState()));
    expect(await copy.getProject("acme/web")).toEqual(await gl.getProject("acme/web"));
    expect(await copy.listBranches("acme/web")).toEqual(await gl.listBranches("acme/web"));
    expect(await copy.listDescendantGroups("acme")).toEqual(await gl.listDescendantGroups("acme"));
    expect(await copy.listVariables({ kind: "group", path: "acme" })).toEqual(await gl.listVariables({ kind: "group", path: "acme" }));
    expect(copy.storedVariables({ kind: "project", path: "acme/web" })).toEqual([expect.objectContaining({ key: "TOKEN", value: "c2VjcmV0LXZhbHVl", hidden: true })]);
  });

  it("keeps numbering ids and write request ids where the stored state left off", async () => {
    const gl = new MemoryGitLab();
    const web = gl.addProject("acme/web");
    const firstWrite = await gl.createVariable({ kind: "project", path: "acme/web" }, { key: "A", value: "1" });
    const copy = MemoryGitLab.fromState(throughJson(gl.exportState()));
    expect(copy.addProject("acme/api").id).toBeGreaterThan(web.id);
    const secondWrite = await copy.createVariable({ kind: "project", path: "acme/web" }, { key: "B", value: "2" });
    expect(secondWrite.requestId).not.toBe(firstWrite.requestId);
  });

  it("is a copy: changing the restored port leaves the exported state as it was", async () => {
    const gl = new MemoryGitLab();
    gl.addProject("acme/web");
    const state = gl.exportState();
    const copy = MemoryGitLab.fromState(state);
    await copy.createVariable({ kind: "project", path: "acme/web" }, { key: "A", value: "1" });
    expect(state.projects[0]?.variables).toEqual([]);
  });
});

describe("persisted ports", () => {
  it("a write is stored and seen by a port made later from the same cell; a read stores nothing", async () => {
    const cell = memoryCell<MemoryGitLabState>();
    const seed = new MemoryGitLab();
    seed.addProject("acme/web");
    await cell.update(async () => ({ result: null, state: seed.exportState() }));

    const port = persistedGitLab(cell);
    await port.createVariable({ kind: "project", path: "acme/web" }, { key: "ROLE_ARN", value: "arn:aws:iam::111122223333:role/x" });
    const writes = cell.writes;
    expect(await persistedGitLab(cell).listVariables({ kind: "project", path: "acme/web" })).toEqual([expect.objectContaining({ key: "ROLE_ARN" })]);
    expect(cell.writes).toBe(writes);
    expect(port.requestCount()).toBe(1);
  });

  it("a call that fails stores nothing and throws the port's own error", async () => {
    const cell = memoryCell<MemoryGitLabState>();
    const port = persistedGitLab(cell);
    await expect(port.createVariable({ kind: "project", path: "nope/x" }, { key: "A", value: "1" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(cell.writes).toBe(0);
  });

  it("an IAM account with no stored state is an empty account of that id", async () => {
    const cell = memoryCell<MemoryIamState>();
    const iam = persistedIam("444455556666", cell);
    expect(await iam.listRoles()).toEqual([]);
    const { arn } = await iam.createOpenIDConnectProvider({ url: "https://gitlab.com", clientIds: ["a"] });
    expect(arn).toBe("arn:aws:iam::444455556666:oidc-provider/gitlab.com");
    expect(cell.stored()?.accountId).toBe("444455556666");
    expect(iam.callCounts()).toMatchObject({ total: 2, writes: 1, byOperation: { ListRoles: 1, CreateOpenIDConnectProvider: 1 } });
  });
});

describeIamPortContract("sandbox IAM port (state stored as JSON between calls)", () => {
  const cell = memoryCell<MemoryIamState>();
  const accountId = "123456789012";
  // Roles are created the way the demo seed does it: on a memory port, then stored.
  const seedWith = async (change: (iam: ReturnType<typeof createMemoryIam>) => string | void) =>
    cell.update(async (state) => {
      const iam = createMemoryIam(state ? { state } : { accountId });
      const result = change(iam);
      return { result, state: iam.exportState() };
    });
  return {
    port: persistedIam(accountId, cell),
    accountId,
    createRole: async (role) => {
      await seedWith((iam) => void iam.addRole(role));
    },
    createAccessKey: async (userName) => (await seedWith((iam) => iam.addAccessKey(userName))) as string,
  };
});
