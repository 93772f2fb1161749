import { describe, expect, it } from "vitest";
import { appErrorOf, setupGitLabFake } from "./harness";

const h = setupGitLabFake();

describe("projects and groups through gitbeaker against the GitLab fake", () => {
  it("reads a project three groups deep by its encoded path, with its namespace and sub claim components", async () => {
    h.fake.state.addProject("platform/payments/backend/api", { defaultBranch: "trunk" });

    const p = await h.adapter().getProject("platform/payments/backend/api");

    expect(p).toMatchObject({
      path: "api",
      pathWithNamespace: "platform/payments/backend/api",
      defaultBranch: "trunk",
      namespace: { fullPath: "platform/payments/backend", kind: "group" },
      webUrl: `${h.fake.url}/platform/payments/backend/api`,
      subClaimComponents: ["project_path", "ref_type", "ref"],
    });
    expect(h.fake.requests[0]?.path).toBe("/api/v4/projects/platform%2Fpayments%2Fbackend%2Fapi");
  });

  it("reads a project by numeric id as well as by path", async () => {
    const seeded = h.fake.state.addProject("team/app");

    const p = await h.adapter().getProject(seeded.id);

    expect(p.pathWithNamespace).toBe("team/app");
  });

  it("an unknown project or group is NOT_FOUND with GitLab's message in the details", async () => {
    const adapter = h.adapter();

    const project = await appErrorOf(adapter.getProject("team/missing"));
    const group = await appErrorOf(adapter.getGroup("missing"));

    expect([project.code, project.details?.gitlabMessage]).toEqual(["NOT_FOUND", "404 Project Not Found"]);
    expect([group.code, group.details?.gitlabMessage]).toEqual(["NOT_FOUND", "404 Group Not Found"]);
  });

  it("reads a subgroup and its parent id", async () => {
    const parent = h.fake.state.addGroup("platform");
    h.fake.state.addGroup("platform/payments");

    const g = await h.adapter().getGroup("platform/payments");

    expect(g).toMatchObject({ fullPath: "platform/payments", path: "payments", parentId: parent.id });
    expect(h.fake.requests[0]?.query.with_projects).toBe("false");
  });

  it("lists a group's own projects, or with include_subgroups every project below it", async () => {
    h.fake.state.addProject("platform/root-tool");
    h.fake.state.addProject("platform/payments/api");
    h.fake.state.addProject("platform/payments/backend/worker");
    h.fake.state.addProject("other/app");
    const adapter = h.adapter();

    const own = await adapter.listGroupProjects("platform");
    const all = await adapter.listGroupProjects("platform", { includeSubgroups: true });

    expect(own.map((p) => p.pathWithNamespace)).toEqual(["platform/root-tool"]);
    expect(all.map((p) => p.pathWithNamespace)).toEqual(["platform/root-tool", "platform/payments/api", "platform/payments/backend/worker"]);
  });

  it("lists 250 projects of a group across three pages in id order", async () => {
    for (let i = 0; i < 250; i += 1) h.fake.state.addProject(`big/p${i}`);
    const adapter = h.adapter();

    const projects = await adapter.listGroupProjects("big");

    expect(projects).toHaveLength(250);
    expect(projects.map((p) => p.id)).toEqual([...projects.map((p) => p.id)].sort((a, b) => a - b));
    expect(adapter.requestCount()).toBe(3);
  });

  it("lists every descendant group at any depth", async () => {
    h.fake.state.addGroup("platform/payments/backend");
    h.fake.state.addGroup("platform/identity");
    h.fake.state.addGroup("elsewhere");

    const groups = await h.adapter().listDescendantGroups("platform");

    expect(groups.map((g) => g.fullPath).sort()).toEqual(["platform/identity", "platform/payments", "platform/payments/backend"]);
  });

  it("changes a project's sub claim components and reads them back", async () => {
    h.fake.state.addProject("team/app");
    const adapter = h.adapter();

    const set = await adapter.setSubClaimComponents("team/app", ["project_path", "ref_type"]);
    const read = await adapter.getSubClaimComponents("team/app");

    expect(set).toEqual(["project_path", "ref_type"]);
    expect(read).toEqual(["project_path", "ref_type"]);
    expect(h.fake.requests.find((r) => r.method === "PUT")?.body).toEqual({ ci_id_token_sub_claim_components: ["project_path", "ref_type"] });
  });

  it("refuses sub claim components that do not start with project_path or name unknown claims", async () => {
    h.fake.state.addProject("team/app");

    const error = await appErrorOf(h.adapter().setSubClaimComponents("team/app", ["ref", "environment"]));

    expect(error.code).toBe("BAD_INPUT");
    expect(error.details?.gitlabMessage).toEqual({
      "ci_cd_settings.id_token_sub_claim_components": [
        "project_path must be the first element of the sub claim",
        "environment is not an allowed sub claim component",
      ],
    });
    expect(h.fake.state.findProject("team/app")?.subClaimComponents).toEqual(["project_path", "ref_type", "ref"]);
  });
});
