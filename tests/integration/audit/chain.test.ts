import { beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient, type Db } from "@/lib/db/prisma";
import { appendAuditEvent, verifyAuditChain } from "@/lib/audit/service";
import { useFreshDatabase, type FreshDatabase } from "../../support/db";

let db: Db;
let fresh: FreshDatabase;
beforeAll(async () => {
  fresh = await useFreshDatabase();
  ({ db } = fresh);
});

describe("audit log in the database", () => {
  it("chains concurrent writers without forking", async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        db.$transaction((tx) => appendAuditEvent(tx, { actorId: null, actorLabel: "system", action: "settings.changed", data: { i } })),
      ),
    );
    const events = await db.auditEvent.findMany({ orderBy: { id: "asc" } });
    expect(new Set(events.map((e) => e.prevHash)).size).toBe(events.length);
    expect(await verifyAuditChain(db, 7)).toEqual({ ok: true, checked: 20 });
  });

  it("rolls the event back with the change it records", async () => {
    const before = await db.auditEvent.count();
    await expect(
      db.$transaction(async (tx) => {
        await appendAuditEvent(tx, { actorId: null, actorLabel: "system", action: "settings.changed" });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(await db.auditEvent.count()).toBe(before);
  });

  it("detects an edit made behind the database's back (triggers disabled) and names the first broken link", async () => {
    const target = await db.auditEvent.findFirstOrThrow({ orderBy: { id: "asc" }, skip: 5 });
    const rogue = createPrismaClient(fresh.urlAs("superuser"));
    await rogue.$executeRawUnsafe("alter table audit_events disable trigger audit_events_no_update_delete");
    await rogue.$executeRawUnsafe(`update audit_events set data = '{"i": 999}' where id = ${target.id}`);
    await rogue.$executeRawUnsafe("alter table audit_events enable trigger audit_events_no_update_delete");
    await rogue.$disconnect();
    expect(await verifyAuditChain(db, 4)).toMatchObject({ ok: false, brokenAtId: target.id.toString(), reason: expect.stringMatching(/edited/) });
  });
});
