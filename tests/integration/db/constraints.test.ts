import { beforeAll, describe, expect, it } from "vitest";
import { toUserError } from "@/lib/errors";
import { createPrismaClient, type Db } from "@/lib/db/prisma";
import { useFreshDatabase, type FreshDatabase } from "../../support/db";

let db: Db;
let fresh: FreshDatabase;
beforeAll(async () => {
  fresh = await useFreshDatabase();
  ({ db } = fresh);
});

async function userError(p: Promise<unknown>) {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e, "expected the database to refuse").not.toBeNull();
  return toUserError(e, () => {});
}

describe("constraints live in the database", () => {
  it("a malformed AWS account id surfaces as a clear bad-input error", async () => {
    const err = await userError(db.awsAccount.create({ data: { accountId: "12345", name: "x", issuerUrl: "https://gitlab.com", audiences: ["sts.amazonaws.com"] } }));
    expect(err).toMatchObject({ code: "BAD_INPUT", status: 400, message: "An AWS account id is exactly 12 digits." });
  });

  it("an http issuer is refused", async () => {
    const err = await userError(db.awsAccount.create({ data: { accountId: "123456789012", name: "x", issuerUrl: "http://gitlab.com", audiences: ["a"] } }));
    expect(err.message).toMatch(/https:\/\//);
  });

  it("a duplicate username is a conflict said in words; the constraint is kept in the details, never in the message", async () => {
    await db.user.create({ data: { username: "dup", name: "One" } });
    const err = await userError(db.user.create({ data: { username: "dup", name: "Two" } }));
    expect(err).toMatchObject({ code: "CONFLICT", status: 409, message: "A user with this username already exists.", details: { constraint: "users_username_key" } });
  });

  it("a second AWS account with the same id names no database constraint", async () => {
    await db.awsAccount.create({ data: { accountId: "444455556666", name: "one", issuerUrl: "https://gitlab.com", audiences: ["a"] } });
    const err = await userError(db.awsAccount.create({ data: { accountId: "444455556666", name: "two", issuerUrl: "https://gitlab.com", audiences: ["a"] } }));
    expect(err).toMatchObject({ code: "CONFLICT", message: "An AWS account with this account id is already connected." });
    expect(err.message).not.toMatch(/_key|constraint/);
  });

  it("errors are translated at the client, for raw queries and inside transactions too", async () => {
    const raw = await db.$executeRawUnsafe(`insert into users (id, username, name) values (gen_random_uuid(), 'dup', 'Three')`).then(() => null, (e: unknown) => e);
    expect(raw).toMatchObject({ code: "CONFLICT", userMessage: "A user with this username already exists." });
    const inTx = await db.$transaction((tx) => tx.user.create({ data: { username: "dup", name: "Four" } })).then(() => null, (e: unknown) => e);
    expect(inTx).toMatchObject({ code: "CONFLICT", userMessage: "A user with this username already exists." });
  });

  it("a mapping without justification is refused", async () => {
    const requester = await db.user.create({ data: { username: "req1", name: "Req" } });
    const account = await db.awsAccount.create({ data: { accountId: "210987654321", name: "a", issuerUrl: "https://gitlab.com", audiences: ["https://gitlab.com"] } });
    const role = await db.iamRole.create({ data: { awsAccountId: account.id, name: "r", arn: "arn:aws:iam::210987654321:role/r" } });
    const err = await userError(
      db.mapping.create({ data: { scope: "project", gitlabPath: "a/b", refType: "branch", refPattern: "main", roleId: role.id, audience: "https://gitlab.com", requesterId: requester.id, justification: "   " } }),
    );
    expect(err).toMatchObject({ code: "BAD_INPUT", message: "A justification is required." });
  });

  it("nobody can approve their own request, even writing straight to the table", async () => {
    const requester = await db.user.create({ data: { username: "self", name: "Self", role: "approver" } });
    const account = await db.awsAccount.create({ data: { accountId: "333344445555", name: "b", issuerUrl: "https://gitlab.com", audiences: ["https://gitlab.com"] } });
    const role = await db.iamRole.create({ data: { awsAccountId: account.id, name: "r2", arn: "arn:aws:iam::333344445555:role/r2" } });
    const mapping = await db.mapping.create({ data: { scope: "project", gitlabPath: "a/b", refType: "branch", refPattern: "main", roleId: role.id, audience: "https://gitlab.com", requesterId: requester.id, justification: "why" } });
    const err = await userError(db.mappingApproval.create({ data: { mappingId: mapping.id, approverId: requester.id } }));
    expect(err.code).toBe("BAD_INPUT");
    expect(err.message).toMatch(/refused|approve/);
  });

  it("the audit log refuses UPDATE, DELETE and TRUNCATE", async () => {
    await db.$executeRawUnsafe(
      `insert into audit_events (actor_label, action, prev_hash, hash, hash_alg) values ('t', 'demo.seeded', repeat('0', 64), repeat('a', 64), 'sha256')`,
    );
    // Run as the table's owner, who holds the privileges: the trigger still refuses. (The app's
    // role lacks the privileges altogether: tests/integration/audit/least-privilege.test.ts.)
    const owner = createPrismaClient(fresh.urlAs("owner"));
    const upd = await userError(owner.auditEvent.updateMany({ data: { actorLabel: "mallory" } }));
    expect(upd.message).toMatch(/append-only: UPDATE/);
    const del = await userError(owner.auditEvent.deleteMany({}));
    expect(del.message).toMatch(/append-only: DELETE/);
    await expect(owner.$executeRawUnsafe("truncate audit_events")).rejects.toThrow(/append-only/);
    expect(await owner.auditEvent.count()).toBe(1);
    await owner.$disconnect();
  });
});
