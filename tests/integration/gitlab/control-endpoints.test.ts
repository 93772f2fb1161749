import { describe, expect, it } from "vitest";
import { setupGitLabFake } from "./harness";

const h = setupGitLabFake();

describe("the fake's test-control endpoints", () => {
  it("seed a project and a group from another process, visible through the real API client", async () => {
    const post = (kind: string, path: string) =>
      fetch(`${h.fake.url}/-/fake/${kind}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ path }) });
    expect((await post("projects", "seeded/from-spec/app")).status).toBe(201);
    expect((await post("projects", "seeded/from-spec/app")).status).toBe(200);
    expect((await post("groups", "seeded/other")).status).toBe(201);
    expect((await post("projects", "")).status).toBe(400);
    const adapter = h.adapter();
    expect((await adapter.getProject("seeded/from-spec/app")).pathWithNamespace).toBe("seeded/from-spec/app");
    expect((await adapter.getGroup("seeded/other")).fullPath).toBe("seeded/other");
  });
});
