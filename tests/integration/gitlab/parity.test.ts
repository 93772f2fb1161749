import { describe, expect, it } from "vitest";
import { isAppError } from "@/lib/errors";
import { createMemoryGitLab } from "@/lib/sandbox/gitlab/memory-port";
import type { GitLabPort, VariableTarget } from "@/lib/gitlab/port";
import { setupGitLabFake } from "./harness";

const h = setupGitLabFake();
const target: VariableTarget = { kind: "project", path: "team/app" };

/** One script of variable operations; each step yields its result or its error code. */
async function script(port: GitLabPort) {
  const steps: (() => Promise<unknown>)[] = [
    () => port.createVariable(target, { key: "ROLE_ARN", value: "arn:prod", environmentScope: "production" }),
    () => port.createVariable(target, { key: "ROLE_ARN", value: "arn:prod2", environmentScope: "production" }),
    () => port.createVariable(target, { key: "ROLE_ARN", value: "arn:any" }),
    () => port.createVariable(target, { key: "TOKEN", value: "short", masked: true }),
    () => port.createVariable(target, { key: "HIDDEN", value: "aGlkZGVuLXZhbHVl", maskedAndHidden: true }),
    () => port.updateVariable(target, "ROLE_ARN", "production", { value: "arn:prod3", environmentScope: "*" }),
    () => port.updateVariable(target, "ROLE_ARN", "production", { value: "arn:prod3", protected: true }),
    () => port.updateVariable(target, "HIDDEN", "*", { value: "aGlkZGVuLXZhbHVl", masked: false }),
    () => port.deleteVariable(target, "ROLE_ARN", "staging"),
    () => port.deleteVariable(target, "ROLE_ARN", "*"),
    () => port.listVariables(target),
    () => port.listBranches("team/app", "^rel"),
    () => port.getProject("team/nope"),
  ];
  const out: unknown[] = [];
  for (const step of steps) {
    try {
      const result = await step();
      // Request ids differ by nature (GitLab's X-Request-Id vs the memory port's counter); each
      // write must have one.
      out.push(typeof result === "object" && result !== null && "requestId" in result ? { ...result, requestId: typeof result.requestId === "string" } : result);
    } catch (e) {
      out.push(isAppError(e) ? { error: e.code, gitlabMessage: e.details?.gitlabMessage } : e);
    }
  }
  return out;
}

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
