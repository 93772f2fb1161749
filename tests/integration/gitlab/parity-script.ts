/**
 * One script of variable operations that every GitLabPort must answer alike: the adapter against
 * the GitLab fake, the memory port, and the sandbox's persisted port (tests/integration/sandbox).
 */
import { isAppError } from "@/lib/errors";
import type { GitLabPort, VariableTarget } from "@/lib/gitlab/port";

/** What the script's project looks like on every port it runs against. */
export const PARITY_PROJECT = { path: "team/app", seed: { branches: ["main", "release/1.0", "feature/a"], protectedBranches: ["main", "release/*"] } };

const target: VariableTarget = { kind: "project", path: "team/app" };

/** One script of variable operations; each step yields its result or its error code. */
export async function script(port: GitLabPort) {
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

