/**
 * Runs one apply and kills its own process (SIGKILL: no cleanup, no finally) right after the
 * operation number CRASH_AFTER_OPS is recorded — a crash between operations.
 * Env: DATABASE_URL, IAM_ENDPOINT, GITLAB_URL, GITLAB_TOKEN, CRASH_AFTER_OPS.
 */
import { createIamAdapter } from "@/lib/aws/adapter";
import { createGitLabAdapter } from "@/lib/gitlab/adapter";
import { applyReconcile } from "@/lib/reconcile/service";

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};
const crashAfter = Number(env("CRASH_AFTER_OPS"));
const iam = createIamAdapter({ endpoint: env("IAM_ENDPOINT"), region: "us-east-1", credentials: async () => ({ accessKeyId: "test", secretAccessKey: "test" }) });
const gitlab = createGitLabAdapter({ host: env("GITLAB_URL"), token: env("GITLAB_TOKEN") });

await applyReconcile({ id: null, label: "crash-test" }, { trigger: "cli" }, {
  ports: { iam: () => iam, gitlab },
  onOperationFinished: (_op, index) => {
    if (index + 1 >= crashAfter) process.kill(process.pid, "SIGKILL");
  },
});
console.log("not crashed");
