import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient, type Db } from "@/lib/db/prisma";
import { createMemoryIam } from "@/lib/sandbox/aws/memory-iam";
import { MemoryGitLab } from "@/lib/sandbox/gitlab/memory-port";
import { sandboxGitLab, sandboxIam, storeSandbox } from "@/lib/sandbox/service";
import { useFreshDatabase } from "@/tests/support/db";
import { describeIamPortContract } from "@/tests/unit/aws/iam-port-contract";

const ACCOUNT = "111122223333";
const project = { kind: "project" as const, path: "acme/web" };
const policy = (sub: string) =>
  JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/gitlab.com` },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: { StringEquals: { "gitlab.com:aud": "https://gitlab.com" }, StringLike: { "gitlab.com:sub": sub } },
      },
    ],
  });

let url: string;
let db: Db;

beforeAll(async () => {
  ({ url, db } = await useFreshDatabase());
  const iam = createMemoryIam({ accountId: ACCOUNT });
  for (let i = 0; i < 12; i++) iam.addRole({ name: `role-${i}`, trustPolicy: policy("project_path:acme/web:ref_type:branch:ref:main") });
  const gitlab = new MemoryGitLab();
  gitlab.addProject("acme/web");
  await db.$transaction((tx) => storeSandbox(tx, { iam: [iam.exportState()], gitlab: gitlab.exportState() }));
});

afterAll(async () => {
  await db.$disconnect();
});

describe("the sandbox keeps its state in Postgres", () => {
  it("what another process wrote is there for this one, and this one's writes are there for a new client", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "--conditions=react-server", path.join(import.meta.dirname, "writer-child.ts")], {
      env: { ...process.env, DATABASE_URL: url, ACCOUNT_ID: ACCOUNT, ROLE: "role-0", DOCUMENT: policy("project_path:acme/web:ref_type:branch:ref:child") },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr.on("data", (c: Buffer) => (output += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code, output).toBe(0);

    expect(await sandboxGitLab(db).listVariables(project)).toEqual([expect.objectContaining({ key: "FROM_CHILD", value: "1" })]);
    expect((await sandboxIam(ACCOUNT, db).getRole("role-0")).trustPolicy.text).toContain("ref:child");

    await sandboxGitLab(db).createVariable(project, { key: "FROM_PARENT", value: "2" });
    const fresh = createPrismaClient(url);
    try {
      expect((await sandboxGitLab(fresh).listVariables(project)).map((v) => v.key).sort()).toEqual(["FROM_CHILD", "FROM_PARENT"]);
    } finally {
      await fresh.$disconnect();
    }
  }, 60_000);

  it("concurrent writes from two clients are all kept (none overwrites another)", async () => {
    const other = createPrismaClient(url);
    try {
      const clients = [db, other];
      await Promise.all(
        Array.from({ length: 16 }, (_, i) => sandboxGitLab(clients[i % 2]!).createVariable({ kind: "project", path: "acme/web" }, { key: `CONCURRENT_${i}`, value: String(i) })),
      );
      await Promise.all(
        Array.from({ length: 12 }, (_, i) => sandboxIam(ACCOUNT, clients[i % 2]!).updateAssumeRolePolicy(`role-${i}`, policy(`project_path:acme/web:ref_type:branch:ref:c${i}`))),
      );
      const keys = (await sandboxGitLab(db).listVariables(project)).map((v) => v.key).filter((k) => k.startsWith("CONCURRENT_"));
      expect(keys.sort()).toEqual(Array.from({ length: 16 }, (_, i) => `CONCURRENT_${i}`).sort());
      const roles = await sandboxIam(ACCOUNT, other).listRoles();
      for (let i = 0; i < 12; i++) expect(roles.find((r) => r.name === `role-${i}`)?.trustPolicy.text).toContain(`ref:c${i}"`);
    } finally {
      await other.$disconnect();
    }
  });

  it("the first writes to an account with no stored state yet queue on one row instead of losing one", async () => {
    const fresh = "210987654321";
    await Promise.all(
      ["https://a.example", "https://b.example", "https://c.example"].map((u) => sandboxIam(fresh, db).createOpenIDConnectProvider({ url: u, clientIds: ["sts.amazonaws.com"] })),
    );
    expect((await sandboxIam(fresh, db).listOpenIDConnectProviders()).map((p) => p.url).sort()).toEqual(["https://a.example", "https://b.example", "https://c.example"]);
  });

  it("a write that fails stores nothing", async () => {
    const before = await db.sandboxState.findUniqueOrThrow({ where: { key: `iam:${ACCOUNT}` } });
    await expect(sandboxIam(ACCOUNT, db).updateAssumeRolePolicy("no-such-role", policy("x"))).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await db.sandboxState.findUniqueOrThrow({ where: { key: `iam:${ACCOUNT}` } })).toEqual(before);
  });
});

let contractAccount = 100_000_000_000;
describeIamPortContract("sandbox IAM port on Postgres", async () => {
  const accountId = String(++contractAccount);
  const port = sandboxIam(accountId, db);
  // Roles and keys are seeded as the demo seed does: on a memory port, then stored.
  const seed = async <T>(change: (iam: ReturnType<typeof createMemoryIam>) => T): Promise<T> => {
    const row = await db.sandboxState.findUnique({ where: { key: `iam:${accountId}` } });
    const iam = createMemoryIam(row?.state ? { state: row.state as never } : { accountId });
    const result = change(iam);
    await db.$transaction((tx) => storeSandbox(tx, { iam: [iam.exportState()] }));
    return result;
  };
  return {
    port,
    accountId,
    createRole: async (role) => {
      await seed((iam) => iam.addRole(role));
    },
    createAccessKey: (userName) => seed((iam) => iam.addAccessKey(userName)),
  };
});
