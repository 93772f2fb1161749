import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { checkAwsAccountAction } from "@/lib/actions/settings/check-aws-account";
import type { Db } from "@/lib/db/prisma";
import { MOTO_ACCOUNT_ID, setupMoto, stubDefaultChainOnMoto } from "@/tests/support/moto";
import { useFreshDatabase } from "../../support/db";
import { signInAs } from "../../support/session";

vi.mock("@/lib/auth/config", async () => (await import("../../support/session")).mockAuthModule());
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

const moto = setupMoto();
let db: Db;
let admin: { id: string };

beforeAll(async () => {
  ({ db } = await useFreshDatabase());
  admin = await db.user.create({ data: { username: "root", name: "Root", role: "admin" } });
  const base = { issuerUrl: "https://gitlab.example.com", audiences: ["sts.amazonaws.com"], region: "eu-west-1" };
  await db.awsAccount.create({ data: { ...base, accountId: MOTO_ACCOUNT_ID, name: "home" } });
  await db.awsAccount.create({ data: { ...base, accountId: "444455556666", name: "no-role" } });
  await db.awsAccount.create({ data: { ...base, accountId: "555566667777", name: "managed", managementRoleArn: "arn:aws:iam::555566667777:role/trustmap-manager" } });
});

beforeEach(() => {
  stubDefaultChainOnMoto(moto());
  signInAs(admin.id);
});

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("an admin checks whose credentials trustmap holds for an account (Settings)", () => {
  it("confirms the account the default chain belongs to", async () => {
    expect(await checkAwsAccountAction({ accountId: MOTO_ACCOUNT_ID })).toEqual({
      ok: true,
      data: { accountId: MOTO_ACCOUNT_ID, callerAccountId: MOTO_ACCOUNT_ID, via: "the default credential chain" },
    });
  });

  it("confirms an account reached through its management role", async () => {
    expect(await checkAwsAccountAction({ accountId: "555566667777" })).toMatchObject({
      ok: true,
      data: { callerAccountId: "555566667777", via: "arn:aws:iam::555566667777:role/trustmap-manager" },
    });
  });

  it("says which account the credentials belong to when it is another one", async () => {
    expect(await checkAwsAccountAction({ accountId: "444455556666" })).toMatchObject({
      ok: false,
      code: "CONFIG",
      error: expect.stringContaining(`belong to account ${MOTO_ACCOUNT_ID}, not 444455556666`),
    });
  });

  it("names an account that is not connected, and a malformed id next to the field", async () => {
    expect(await checkAwsAccountAction({ accountId: "999999999999" })).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect(await checkAwsAccountAction({ accountId: "12" })).toMatchObject({ ok: false, fieldErrors: { accountId: [expect.stringContaining("12 digits")] } });
  });
});
