/**
 * Every server action under lib/actions, driven in-process with hostile arguments as a role the
 * rule table allows (so validation and the handler run, against the real database): whatever
 * arrives, the action answers with a value — never a throw, never trustmap's INTERNAL (a 5xx).
 * A new action file is fuzzed on its own. Over HTTP, tests/e2e/edges-fuzz.spec.ts posts to every
 * action of the build (Next's decoding, origin and size checks included).
 * Few runs with a fixed seed by default; FUZZ_RUNS and FUZZ_SEED for more.
 */
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { ROLES, can, type Action, type Role } from "@/lib/auth/permissions";
import type { Db } from "@/lib/db/prisma";
import { useFreshDatabase } from "../../support/db";
import { signInAs } from "../../support/session";
import { requestInput, seedWorkflow } from "../workflow/fixtures";
import { createRequestAction } from "@/lib/actions/requests/create-request";
import { arbitraryFor } from "../../support/zod-arbitrary";

vi.mock("@/lib/auth/config", async () => (await import("../../support/session")).mockAuthModule());
vi.mock("next/cache", () => ({ revalidatePath: vi.fn(), revalidateTag: vi.fn() }));

const ACTIONS_DIR = path.resolve(import.meta.dirname, "../../../lib/actions");
// Signing in and out happen before/after there is anyone to authorize (Auth.js' own code).
const PUBLIC_ACTION_DIRS = new Set(["auth"]);
const RUNS = Number(process.env.FUZZ_RUNS ?? 40);
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_101);

function actionFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return PUBLIC_ACTION_DIRS.has(name) ? [] : actionFiles(p);
    return name.endsWith(".ts") && name !== "define-action.ts" ? [p] : [];
  });
}

type AnyAction = ((input: unknown) => Promise<{ ok: boolean; code?: string; error?: string }>) & {
  definition: { permission: Action; input: unknown };
};

let db: Db;
let ids: string[] = [];
const userOf: Partial<Record<Role, string>> = {};

beforeAll(async () => {
  ({ db } = await useFreshDatabase());
  delete process.env.GITLAB_TOKEN;
  // Nothing here may reach AWS: an account's credentials check fails fast against a closed port.
  process.env.AWS_ENDPOINT_URL_STS = "http://127.0.0.1:9";
  process.env.AWS_ENDPOINT_URL_IAM = "http://127.0.0.1:9";
  process.env.AWS_ACCESS_KEY_ID = "fuzz";
  process.env.AWS_SECRET_ACCESS_KEY = "fuzz";
  process.env.AWS_MAX_ATTEMPTS = "1";
  const w = await seedWorkflow(db);
  Object.assign(userOf, { requester: w.ria.id, approver: w.avery.id, auditor: w.audra.id, admin: w.ada.id });
  signInAs(w.ria.id);
  // Real ids in the pool, so hostile inputs reach the database through a found row (several
  // pending requests: the first valid approval or withdrawal settles one).
  ids = [w.staging.id, w.production.id, w.ria.id, w.ada.id, w.account.id];
  for (let i = 0; i < 6; i++) {
    const filed = await createRequestAction(requestInput(w.staging.id, { refPattern: `fuzz-${i}` }));
    if (!filed.ok || !filed.data.created) throw new Error(JSON.stringify(filed));
    ids.push(filed.data.id);
  }
});

/** Inputs shaped like the action's schema with hostile values inside, and some of any shape; a deep and a cyclic one too. */
function hostile(schema: unknown): fc.Arbitrary<unknown> {
  let deep: unknown = "x";
  for (let i = 0; i < 10_000; i++) deep = [deep];
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  return fc.oneof({ weight: 12, arbitrary: arbitraryFor(schema, ids) }, { weight: 1, arbitrary: fc.constantFrom<unknown>(deep, cyclic, Object.create(null), [], new Map([["a", 1]])) });
}

const files = actionFiles(ACTIONS_DIR);

describe("every server action answers hostile input with a value, never INTERNAL", () => {
  it("finds the actions (guard against an empty fuzz)", () => {
    expect(files.length).toBeGreaterThan(10);
  });

  for (const file of files) {
    const rel = path.relative(ACTIONS_DIR, file);
    it(`${rel}`, async () => {
      const action = Object.values((await import(file)) as Record<string, AnyAction>)[0]!;
      const role = ROLES.find((r) => can({ id: "x", role: r }, action.definition.permission));
      expect(role, `a role may call ${rel}`).toBeDefined();
      signInAs(userOf[role!]!);
      await fc.assert(
        fc.asyncProperty(hostile(action.definition.input), async (input) => {
          const result = await action(input);
          expect(result.ok === true || (typeof result.code === "string" && result.code !== "INTERNAL"), `${rel}: ${JSON.stringify(result)}`).toBe(true);
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
    }, 120_000);
  }
});
