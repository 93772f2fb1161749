import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { createMemoryGitLab } from "@/lib/sandbox/gitlab/memory-port";

describe("the in-memory GitLab port", () => {
  it("lists a group's projects with or without its subgroups", async () => {
    const gitlab = createMemoryGitLab();
    gitlab.addProject("platform/tool");
    gitlab.addProject("platform/payments/api");
    gitlab.addProject("other/app");

    const own = await gitlab.listGroupProjects("platform");
    const all = await gitlab.listGroupProjects("platform", { includeSubgroups: true });

    expect(own.map((p) => p.pathWithNamespace)).toEqual(["platform/tool"]);
    expect(all.map((p) => p.pathWithNamespace)).toEqual(["platform/tool", "platform/payments/api"]);
  });

  it("hides a hidden variable's value from the port but keeps it for assertions", async () => {
    const gitlab = createMemoryGitLab();
    gitlab.addProject("team/app");
    const target = { kind: "project", path: "team/app" } as const;
    gitlab.seedVariable(target, { key: "SECRET", value: "c2VjcmV0LXZhbHVl", maskedAndHidden: true });

    expect((await gitlab.listVariables(target))[0]?.value).toBeNull();
    expect(gitlab.storedVariables(target)[0]?.value).toBe("c2VjcmV0LXZhbHVl");
  });

  it("seeding an invalid variable fails like the API would", () => {
    const gitlab = createMemoryGitLab();
    gitlab.addProject("team/app");

    expect(() => gitlab.seedVariable({ kind: "project", path: "team/app" }, { key: "X", value: "short", masked: true })).toThrow(AppError);
  });

  it("records calls and fails the next call of an operation on request", async () => {
    const gitlab = createMemoryGitLab();
    gitlab.addProject("team/app");
    gitlab.failNext("getProject", new AppError("THROTTLED", "slow down"));

    await expect(gitlab.getProject("team/app")).rejects.toMatchObject({ code: "THROTTLED" });
    await expect(gitlab.getProject("team/app")).resolves.toMatchObject({ pathWithNamespace: "team/app" });
    expect(gitlab.calls.map((c) => c.op)).toEqual(["getProject", "getProject"]);
  });

  it("finds projects by id or by path regardless of case, as GitLab does", async () => {
    const gitlab = createMemoryGitLab();
    const p = gitlab.addProject("Team/App");

    expect((await gitlab.getProject(p.id)).pathWithNamespace).toBe("Team/App");
    expect((await gitlab.getProject("team/app")).id).toBe(p.id);
  });

  it("moving a variable to a scope already holding the key is a CONFLICT and changes nothing", async () => {
    const gitlab = createMemoryGitLab();
    gitlab.addProject("team/app");
    const target = { kind: "project", path: "team/app" } as const;
    gitlab.seedVariable(target, { key: "K", value: "a", environmentScope: "production" });
    gitlab.seedVariable(target, { key: "K", value: "b" });

    await expect(gitlab.updateVariable(target, "K", "production", { value: "c", environmentScope: "*" })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    expect(gitlab.storedVariables(target).map((v) => [v.environmentScope, v.value])).toEqual([
      ["production", "a"],
      ["*", "b"],
    ]);
  });
});
