import { describe, expect, it } from "vitest";
import { createMemoryGitLab } from "@/lib/sandbox/gitlab/memory-port";
import { setupGitLabFake } from "./harness";
import { script } from "./parity-script";

const h = setupGitLabFake();

describe("the memory port behaves like the adapter against the fake", () => {
  it("gives the same results and error codes for the same sequence of operations", async () => {
    const seed = { branches: ["main", "release/1.0", "feature/a"], protectedBranches: ["main", "release/*"] };
    const memory = createMemoryGitLab();
    memory.addProject("team/app", seed);
    h.fake.state.addProject("team/app", seed);

    const viaMemory = await script(memory);
    const viaHttp = await script(h.adapter());

    expect(viaMemory).toEqual(viaHttp);
    const errors = viaHttp.flatMap((r) => (typeof r === "object" && r !== null && "error" in r ? [r.error] : []));
    expect(errors).toEqual(["CONFLICT", "BAD_INPUT", "CONFLICT", "BAD_INPUT", "NOT_FOUND", "NOT_FOUND"]);
  });
});
