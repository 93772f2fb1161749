/**
 * Another process using the sandbox (as the job runner does beside the web server): creates a
 * GitLab variable and rewrites a role's trust policy through the sandbox ports, then exits.
 * Env: DATABASE_URL, ACCOUNT_ID, ROLE, DOCUMENT.
 */
import { createPrismaClient } from "@/lib/db/prisma";
import { sandboxGitLab, sandboxIam } from "@/lib/sandbox/service";

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};
const db = createPrismaClient(env("DATABASE_URL"));
await sandboxGitLab(db).createVariable({ kind: "project", path: "acme/web" }, { key: "FROM_CHILD", value: "1" });
await sandboxIam(env("ACCOUNT_ID"), db).updateAssumeRolePolicy(env("ROLE"), env("DOCUMENT"));
await db.$disconnect();
console.log("written");
