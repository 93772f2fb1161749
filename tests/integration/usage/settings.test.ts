/**
 * Settings → Usage evidence: admins set after how many unused days a mapping is flagged "revoke?"
 * and each real account's trail bucket; validated at the edge, audited with the change, read back
 * by the usage domain (the flag and the trail sources follow it).
 */
import { beforeAll, describe, expect, it, vi } from "vitest";
import { updateUsageSettingsAction } from "@/lib/actions/usage/update-usage-settings";
import { usageSettingsView } from "@/lib/usage/service";
import { signInAs } from "@/tests/support/session";
import { ACCOUNT } from "@/tests/support/cloudtrail-records";
import { setupUsage } from "./harness";

vi.mock("@/lib/auth/config", async () => (await import("../../support/session")).mockAuthModule());
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

const h = setupUsage();
let admin: string;

beforeAll(async () => {
  admin = (await h.db.user.create({ data: { username: "ada-settings", name: "Ada", role: "admin" } })).id;
});

describe("usage settings", () => {
  it("an admin sets the unused-days threshold and a real account's trail bucket; the change is audited and read back", async () => {
    signInAs(admin);
    const res = await updateUsageSettingsAction({ unusedDays: 30, accountTrails: { [ACCOUNT]: "s3://org-trail/logs/" } });
    expect(res).toEqual({ ok: true, data: { unusedDays: 30 } });
    expect(await usageSettingsView()).toEqual({ unusedDays: 30, accounts: [{ accountId: ACCOUNT, name: "prod", trail: "s3://org-trail/logs" }] });
    const event = await h.db.auditEvent.findFirstOrThrow({ where: { action: "settings.changed", resourceId: "usage" } });
    expect(event.data).toEqual({ change: "usage.settings", from: { unusedDays: 90, accountTrails: {} }, to: { unusedDays: 30, accountTrails: { [ACCOUNT]: "s3://org-trail/logs" } } });

    // Emptying the field removes the account's trail bucket.
    expect((await updateUsageSettingsAction({ unusedDays: 30, accountTrails: { [ACCOUNT]: "" } })).ok).toBe(true);
    expect((await usageSettingsView()).accounts[0]?.trail).toBe("");
  });

  it("refuses a threshold outside 1–90 days and a trail that is not an s3:// URI, naming the field", async () => {
    signInAs(admin);
    expect(await updateUsageSettingsAction({ unusedDays: 0, accountTrails: {} })).toMatchObject({ ok: false, code: "BAD_INPUT", fieldErrors: { unusedDays: [expect.any(String)] } });
    expect(await updateUsageSettingsAction({ unusedDays: 91, accountTrails: {} })).toMatchObject({ ok: false, fieldErrors: { unusedDays: [expect.any(String)] } });
    expect(await updateUsageSettingsAction({ unusedDays: 30, accountTrails: { [ACCOUNT]: "https://bucket" } })).toMatchObject({ ok: false, fieldErrors: { [`accountTrails.${ACCOUNT}`]: [expect.stringContaining("s3://")] } });
  });

  it("a sandbox account takes no trail bucket (it has no CloudTrail), and is not offered one", async () => {
    signInAs(admin);
    await h.db.awsAccount.update({ where: { id: h.accountDbId }, data: { sandbox: true } });
    expect((await usageSettingsView()).accounts).toEqual([]);
    expect(await updateUsageSettingsAction({ unusedDays: 30, accountTrails: { [ACCOUNT]: "s3://org-trail" } })).toMatchObject({ ok: false, code: "BAD_INPUT" });
  });
});
