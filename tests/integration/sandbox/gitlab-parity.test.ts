import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db/prisma";
import { MemoryGitLab } from "@/lib/sandbox/gitlab/memory-port";
import { sandboxGitLab, storeSandbox } from "@/lib/sandbox/service";
import { useFreshDatabase } from "@/tests/support/db";
import { setupGitLabFake } from "@/tests/integration/gitlab/harness";
import { PARITY_PROJECT, script } from "@/tests/integration/gitlab/parity-script";

const h = setupGitLabFake();
let db: Db;

beforeAll(async () => {
  ({ db } = await useFreshDatabase());
});

afterAll(async () => {
  await db.$disconnect();
});

describe("the sandbox GitLab (state in Postgres between calls) behaves like the adapter against the fake", () => {
  it("gives the same results and error codes for the same sequence of operations", async () => {
    const seeded = new MemoryGitLab();
    seeded.addProject(PARITY_PROJECT.path, PARITY_PROJECT.seed);
    await db.$transaction((tx) => storeSandbox(tx, { gitlab: seeded.exportState() }));
    h.fake.state.addProject(PARITY_PROJECT.path, PARITY_PROJECT.seed);

    const viaSandbox = await script(sandboxGitLab(db));
    const viaHttp = await script(h.adapter());

    expect(viaSandbox).toEqual(viaHttp);
    expect(viaHttp.filter((r) => typeof r === "object" && r !== null && "error" in r)).toHaveLength(6);
  });
});
