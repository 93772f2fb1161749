import { describe, expect, it } from "vitest";
import { setupMoto } from "@/tests/support/moto";
import { gitlabTrustPolicy, type RoleFixture } from "@/tests/unit/aws/iam-port-contract";
import { createRoles, motoAdapter, motoSdk } from "./moto-iam";

const moto = setupMoto();

const roles = (n: number): RoleFixture[] =>
  Array.from({ length: n }, (_, i) => ({ name: `role-${String(i).padStart(4, "0")}`, trustPolicy: gitlabTrustPolicy(`project_path:g/p${i}:*`) }));

async function listWith(n: number, pageSize?: number) {
  await createRoles(motoSdk(moto()), roles(n));
  const adapter = motoAdapter(moto(), { pageSize });
  try {
    const listed = await adapter.listRoles();
    return { listed, counts: adapter.callCounts() };
  } finally {
    adapter.destroy();
  }
}

describe("listRoles pagination", () => {
  it("returns all 1,050 roles, each decoded, in ceil(1050 / 1000) = 2 ListRoles calls", async () => {
    const started = performance.now();
    await createRoles(motoSdk(moto()), roles(1050));
    console.info(`[aws] created 1,050 roles in moto in ${Math.round(performance.now() - started)} ms`);
    const adapter = motoAdapter(moto());

    const listed = await adapter.listRoles();
    adapter.destroy();

    expect(new Set(listed.map((r) => r.name)).size).toBe(1050);
    const sample = listed.find((r) => r.name === "role-0777");
    expect(sample?.trustPolicy.parsed).toEqual(JSON.parse(gitlabTrustPolicy("project_path:g/p777:*")));
    expect(adapter.callCounts()).toMatchObject({ byOperation: { ListRoles: 2 }, total: 2, writes: 0 });
  });

  it("follows markers at any page size: 25 roles at 10 a page take 3 calls", async () => {
    const { listed, counts } = await listWith(25, 10);

    expect(listed.map((r) => r.name).sort()).toEqual(roles(25).map((r) => r.name));
    expect(counts.byOperation).toEqual({ ListRoles: 3 });
  });

  it("stops after an exactly full last page instead of asking for an empty one", async () => {
    const { listed, counts } = await listWith(10, 10);

    expect(listed).toHaveLength(10);
    expect(counts.byOperation).toEqual({ ListRoles: 1 });
  });

  it("an account without roles costs one call and returns an empty list", async () => {
    const { listed, counts } = await listWith(0);

    expect(listed).toEqual([]);
    expect(counts.byOperation).toEqual({ ListRoles: 1 });
  });
});
