/**
 * Sample usage evidence for the sandbox account (the demo seed stores it as source `sandbox`): the
 * sandbox has no CloudTrail, so without it every usage column of the demo would read "never". The
 * calls are what such an account would log — AssumeRoleWithWebIdentity through the GitLab provider,
 * allowed and denied — dated back from `now`, and pages label them sandbox like the rest.
 *
 * - acme/web on main deploys to staging most working days (the approved mapping: "last used");
 * - acme/web on staging has not deployed in the 90 days kept (its mapping is flagged "revoke?");
 * - acme/infra on main assumed deploy-staging weeks ago through a grant trustmap never managed;
 * - a job on the unprotected feature/login branch, a release tag before its request was approved,
 *   and one unreadable token were denied.
 */
import type { UsageEvent } from "@/lib/usage/record";
import { DEMO_ACCOUNT_ID, DEMO_AUDIENCE, DEMO_PROVIDER_ARN } from "./sandbox-world";

const DAY = 86_400_000;
const roleArn = (name: string) => `arn:aws:iam::${DEMO_ACCOUNT_ID}:role/${name}`;
const sub = (project: string, refType: "branch" | "tag", ref: string) => `project_path:${project}:ref_type:${refType}:ref:${ref}`;

export function sandboxUsageEvents(now: Date): UsageEvent[] {
  const events: UsageEvent[] = [];
  const add = (n: number, at: number, role: string, subject: string | null, errorCode: string | null = null) => {
    events.push({
      eventId: `sandbox-${role}-${n}`,
      at: new Date(at),
      accountId: DEMO_ACCOUNT_ID,
      region: "us-east-1",
      roleArn: roleArn(role),
      provider: DEMO_PROVIDER_ARN,
      audience: DEMO_AUDIENCE,
      subject,
      // TEST-NET-3 addresses (RFC 5737): never a real runner's.
      sourceIp: `203.0.113.${10 + (n % 40)}`,
      userAgent: "aws-sdk-go-v2/1.30.3 (sandbox sample)",
      errorCode,
    });
  };
  const t = now.getTime();
  let n = 0;
  // Deploys from acme/web main: 1–3 a working day for twelve weeks, the latest two hours ago.
  add(n++, t - 2 * 3_600_000, "deploy-staging", sub("acme/web", "branch", "main"));
  for (let d = 1; d <= 84; d++) {
    if (d % 7 >= 5) continue;
    for (let i = 0; i < 1 + (d % 3); i++) add(n++, t - d * DAY + i * 47 * 60_000, "deploy-staging", sub("acme/web", "branch", "main"));
  }
  // acme/infra through a grant trustmap does not manage.
  for (const d of [40, 41, 47]) add(n++, t - d * DAY, "deploy-staging", sub("acme/infra", "branch", "main"));
  // Denied: an unprotected branch's job, and a token AWS could not read.
  for (const d of [1, 2, 2, 6]) add(n++, t - d * DAY - 3_600_000, "deploy-staging", sub("acme/web", "branch", "feature/login"), "AccessDenied");
  add(n++, t - 12 * DAY, "deploy-staging", null, "InvalidIdentityToken");
  // A release tag tried production before its request was approved.
  add(0, t - 3 * DAY, "deploy-production", sub("acme/web", "tag", "v1.4.0"), "AccessDenied");
  return events;
}
