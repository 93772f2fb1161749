import { describe, expect, it } from "vitest";
import type { VariableTarget } from "@/lib/gitlab/port";
import { appErrorOf, setupGitLabFake } from "./harness";

const h = setupGitLabFake();
const PROJECT = "platform/payments/api";
const GROUP = "platform/payments";
const project: VariableTarget = { kind: "project", path: PROJECT };
const group: VariableTarget = { kind: "group", path: GROUP };

describe("CI/CD variables through gitbeaker against the GitLab fake", () => {
  it("creates a variable on a nested project addressed by its URL-encoded path and returns GitLab's request id", async () => {
    h.fake.state.addProject(PROJECT);
    const { variable: created, requestId } = await h.adapter().createVariable(project, { key: "ROLE_ARN", value: "arn:aws:iam::123456789012:role/deploy" });

    expect(created).toEqual({
      key: "ROLE_ARN",
      value: "arn:aws:iam::123456789012:role/deploy",
      environmentScope: "*",
      protected: false,
      masked: false,
      hidden: false,
      raw: false,
      variableType: "env_var",
      description: null,
    });
    const post = h.fake.requests.find((r) => r.method === "POST");
    expect(post?.path).toBe("/api/v4/projects/platform%2Fpayments%2Fapi/variables");
    expect(post?.status).toBe(201);
    expect(requestId).toMatch(/^[0-9A-Z]{26}$/);
    expect(requestId).toBe(post?.requestId);
  });

  it("lists more than 100 variables by following the Link rel=next pages", async () => {
    h.fake.state.addProject(PROJECT);
    for (let i = 0; i < 230; i += 1) h.fake.state.addVariable(project, { key: `VAR_${String(i).padStart(3, "0")}`, value: `v${i}` });
    const adapter = h.adapter();

    const listed = await adapter.listVariables(project);

    expect(listed).toHaveLength(230);
    expect(new Set(listed.map((v) => v.key)).size).toBe(230);
    const pages = h.fake.requests.filter((r) => r.path.endsWith("/variables"));
    expect(pages.map((r) => r.query.page ?? "1")).toEqual(["1", "2", "3"]);
    expect(pages.every((r) => r.query.per_page === "100")).toBe(true);
    expect(adapter.requestCount()).toBe(3);
  });

  it("updating a variable with a scope filter leaves the same key in other scopes untouched", async () => {
    h.fake.state.addProject(PROJECT);
    h.fake.state.addVariable(project, { key: "ROLE_ARN", value: "arn:prod", environmentScope: "production" });
    h.fake.state.addVariable(project, { key: "ROLE_ARN", value: "arn:staging", environmentScope: "staging" });

    const { variable: updated, requestId } = await h.adapter().updateVariable(project, "ROLE_ARN", "production", { value: "arn:prod-v2", protected: true });

    expect(requestId).toBe(h.fake.requests.find((r) => r.method === "PUT")?.requestId);
    expect(updated).toMatchObject({ key: "ROLE_ARN", value: "arn:prod-v2", environmentScope: "production", protected: true });
    expect(h.fake.state.variables(project).map((v) => [v.environmentScope, v.value, v.protected])).toEqual([
      ["production", "arn:prod-v2", true],
      ["staging", "arn:staging", false],
    ]);
  });

  it("deleting a variable with a scope filter removes only that scope, sending the filter in the query string", async () => {
    h.fake.state.addProject(PROJECT);
    h.fake.state.addVariable(project, { key: "ROLE_ARN", value: "arn:prod", environmentScope: "production" });
    h.fake.state.addVariable(project, { key: "ROLE_ARN", value: "arn:any" });

    const { requestId } = await h.adapter().deleteVariable(project, "ROLE_ARN", "production");

    expect(h.fake.state.variables(project).map((v) => v.environmentScope)).toEqual(["*"]);
    const del = h.fake.requests.find((r) => r.method === "DELETE");
    expect(requestId).toBe(del?.requestId);
    expect(del?.query["filter[environment_scope]"]).toBe("production");
    expect(del?.status).toBe(204);
  });

  it("an update without a matching scope is NOT_FOUND and changes nothing", async () => {
    h.fake.state.addProject(PROJECT);
    h.fake.state.addVariable(project, { key: "ROLE_ARN", value: "arn:any" });

    const error = await appErrorOf(h.adapter().updateVariable(project, "ROLE_ARN", "production", { value: "x" }));

    expect(error.code).toBe("NOT_FOUND");
    expect(error.details?.gitlabMessage).toBe("404 Variable Not Found");
    expect(h.fake.state.variables(project)[0]?.value).toBe("arn:any");
  });

  it("a key held in several scopes cannot be read without a scope filter (GitLab answers 409)", async () => {
    h.fake.state.addProject(PROJECT);
    h.fake.state.addVariable(project, { key: "ROLE_ARN", value: "a", environmentScope: "production" });
    h.fake.state.addVariable(project, { key: "ROLE_ARN", value: "b", environmentScope: "staging" });
    const headers = { "PRIVATE-TOKEN": "glpat-integration-test" };
    const base = `${h.fake.url}/api/v4/projects/platform%2Fpayments%2Fapi/variables/ROLE_ARN`;

    const ambiguous = await fetch(base, { headers });
    const filtered = await fetch(`${base}?filter[environment_scope]=staging`, { headers });

    expect(ambiguous.status).toBe(409);
    expect(await ambiguous.json()).toEqual({
      message: "There are multiple variables with provided parameters. Please use 'filter[environment_scope]'",
    });
    expect(await filtered.json()).toMatchObject({ value: "b", environment_scope: "staging" });
  });

  it("creating a duplicate key in the same scope is a CONFLICT carrying GitLab's 400 message", async () => {
    h.fake.state.addProject(PROJECT);
    h.fake.state.addVariable(project, { key: "ROLE_ARN", value: "a", environmentScope: "production" });
    const adapter = h.adapter();

    const error = await appErrorOf(adapter.createVariable(project, { key: "ROLE_ARN", value: "b", environmentScope: "production" }));
    await adapter.createVariable(project, { key: "ROLE_ARN", value: "c", environmentScope: "staging" });

    expect(error.code).toBe("CONFLICT");
    expect(error.details).toMatchObject({ status: 400, gitlabMessage: { key: ["(ROLE_ARN) has already been taken"] } });
    expect(h.fake.state.variables(project)).toHaveLength(2);
  });

  it.each([
    ["shorter than 8 characters", "short", false],
    ["spanning two lines", "line-one\nline-two", false],
    ["containing a space", "has a space in it", false],
    ["containing characters outside the masked alphabet", "pa$$word!!", false],
  ])("a masked value %s is BAD_INPUT naming the value", async (_label, value, raw) => {
    h.fake.state.addProject(PROJECT);

    const error = await appErrorOf(h.adapter().createVariable(project, { key: "SECRET", value, masked: true, raw }));

    expect(error.code).toBe("BAD_INPUT");
    expect(error.details?.gitlabMessage).toEqual({ value: ["is invalid"] });
    expect(error.userMessage).toContain("value is invalid");
    expect(h.fake.state.variables(project)).toHaveLength(0);
  });

  it("a masked raw value may use any non-space characters", async () => {
    h.fake.state.addProject(PROJECT);

    const { variable: created } = await h.adapter().createVariable(project, { key: "SECRET", value: "pa$$word!!", masked: true, raw: true });

    expect(created).toMatchObject({ masked: true, raw: true, value: "pa$$word!!" });
  });

  it("a key outside [A-Za-z0-9_] or longer than 255 characters is BAD_INPUT", async () => {
    h.fake.state.addProject(PROJECT);
    const adapter = h.adapter();

    const badChars = await appErrorOf(adapter.createVariable(project, { key: "ROLE-ARN", value: "x" }));
    const tooLong = await appErrorOf(adapter.createVariable(project, { key: "K".repeat(256), value: "x" }));

    expect(badChars.details?.gitlabMessage).toEqual({ key: ["can contain only letters, digits and '_'."] });
    expect(tooLong.details?.gitlabMessage).toEqual({ key: ["is too long (maximum is 255 characters)"] });
  });

  it("a masked-and-hidden variable is listed with a null value and cannot be unmasked later", async () => {
    h.fake.state.addProject(PROJECT);
    const adapter = h.adapter();

    const { variable: created } = await adapter.createVariable(project, { key: "AWS_SECRET", value: "c2VjcmV0LXZhbHVl", maskedAndHidden: true });
    const listed = await adapter.listVariables(project);
    const unmask = await appErrorOf(adapter.updateVariable(project, "AWS_SECRET", "*", { value: "c2VjcmV0LXZhbHVl", masked: false }));

    expect(created).toMatchObject({ value: null, masked: true, hidden: true });
    expect(listed[0]).toMatchObject({ key: "AWS_SECRET", value: null, hidden: true });
    expect(unmask.code).toBe("BAD_INPUT");
    expect(unmask.details?.gitlabMessage).toEqual({ base: ["The visibility setting cannot be changed for masked and hidden variables."] });
    expect(h.fake.state.variables(project)[0]?.value).toBe("c2VjcmV0LXZhbHVl");
  });

  it("group variables follow the same rules under the group's encoded path", async () => {
    h.fake.state.addGroup(GROUP);
    const adapter = h.adapter();

    await adapter.createVariable(group, { key: "AWS_REGION", value: "eu-west-1", environmentScope: "production" });
    await adapter.createVariable(group, { key: "AWS_REGION", value: "us-east-1", environmentScope: "staging" });
    await adapter.updateVariable(group, "AWS_REGION", "staging", { value: "us-west-2" });
    const listed = await adapter.listVariables(group);

    expect(listed.map((v) => [v.environmentScope, v.value])).toEqual([
      ["production", "eu-west-1"],
      ["staging", "us-west-2"],
    ]);
    expect(h.fake.requests.every((r) => r.path.startsWith("/api/v4/groups/platform%2Fpayments/variables"))).toBe(true);
  });

  it("variables of an unknown project are NOT_FOUND with GitLab's message", async () => {
    const error = await appErrorOf(h.adapter().listVariables({ kind: "project", path: "nobody/nothing" }));

    expect(error.code).toBe("NOT_FOUND");
    expect(error.details).toMatchObject({ status: 404, gitlabMessage: "404 Project Not Found" });
  });
});
