/**
 * Every server action under lib/actions, called as every role: allowed exactly when the rule
 * table says so, and every denial is audited. A new action file is picked up automatically.
 */
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { ROLES, can, type Action } from "@/lib/auth/permissions";
import type { Db } from "@/lib/db/prisma";
import { useFreshDatabase } from "../../support/db";
import { signInAs } from "../../support/session";

vi.mock("@/lib/auth/config", async () => (await import("../../support/session")).mockAuthModule());
vi.mock("next/cache", () => ({ revalidatePath: vi.fn(), revalidateTag: vi.fn() }));

const ACTIONS_DIR = path.resolve(import.meta.dirname, "../../../lib/actions");
// Signing in and out happen before/after there is anyone to authorize.
const PUBLIC_ACTION_DIRS = new Set(["auth"]);

function actionFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return PUBLIC_ACTION_DIRS.has(name) ? [] : actionFiles(p);
    return name.endsWith(".ts") && name !== "define-action.ts" ? [p] : [];
  });
}

type AnyAction = ((input: unknown) => Promise<{ ok: boolean; code?: string }>) & { definition: { permission: Action } };

let db: Db;
const users: Record<string, string> = {};

beforeAll(async () => {
  ({ db } = await useFreshDatabase());
  for (const role of ROLES) users[role] = (await db.user.create({ data: { username: `matrix-${role}`, name: role, role } })).id;
});

const files = actionFiles(ACTIONS_DIR);

describe("every server action checks the rule table", () => {
  it("finds the actions (guard against an empty matrix)", () => {
    expect(files.length).toBeGreaterThan(0);
  });

  for (const file of files) {
    const rel = path.relative(ACTIONS_DIR, file);
    it(`${rel} exports only defineAction actions named *Action`, async () => {
      const mod = (await import(file)) as Record<string, unknown>;
      const exported = Object.entries(mod);
      expect(exported.length).toBe(1);
      const [name, action] = exported[0]!;
      expect(name).toMatch(/Action$/);
      expect((action as AnyAction).definition?.permission).toBeTruthy();
    });

    for (const role of ROLES) {
      it(`${rel} as ${role}: allowed only when the rule table allows`, async () => {
        const mod = (await import(file)) as Record<string, AnyAction>;
        const action = Object.values(mod)[0]!;
        const permission = action.definition.permission;
        signInAs(users[role]!);
        const before = await db.auditEvent.count({ where: { action: "auth.denied", actorId: users[role] } });
        // Deliberately invalid input: an allowed caller gets a validation error, a denied one FORBIDDEN.
        const result = await action({ __invalid: true });
        const after = await db.auditEvent.count({ where: { action: "auth.denied", actorId: users[role] } });
        if (can({ id: users[role]!, role }, permission)) {
          expect(result.code).not.toBe("FORBIDDEN");
          expect(after).toBe(before);
        } else {
          expect(result).toMatchObject({ ok: false, code: "FORBIDDEN" });
          expect(after).toBe(before + 1);
        }
      });
    }

    it(`${rel} without a session is refused`, async () => {
      const mod = (await import(file)) as Record<string, AnyAction>;
      signInAs(null);
      expect(await Object.values(mod)[0]!({})).toMatchObject({ ok: false, code: "UNAUTHENTICATED" });
    });
  }
});
