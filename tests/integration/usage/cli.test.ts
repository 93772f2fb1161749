import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { allowedCall, deniedCall } from "@/tests/support/cloudtrail-records";
import { BUCKET, setupUsage } from "./harness";
import { startS3FaultProxy } from "./s3-fault-proxy";

const h = setupUsage();
const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "../../..");

async function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ["--import", "tsx", "--conditions=react-server", "scripts/trustmap.ts", ...args], { cwd: ROOT, env: { ...process.env, ...h.env(), ...env } });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

// Log files delivered an hour ago are settled (read), whatever the day the test runs.
const deliveredAt = () => new Date(Math.floor((Date.now() - 3_600_000) / 60_000) * 60_000);

describe("npm run trustmap -- usage", () => {
  it("ingests, then prints per grant the last use and counts; --json is machine-readable; exit 0", async () => {
    const deploy = await h.addRole("deploy");
    const mappingId = await h.approveMapping(deploy.id);
    const t = deliveredAt();
    await h.putLogFile({ deliveredAt: t, records: [allowedCall({ eventId: "c1", time: new Date(t.getTime() - 60_000).toISOString(), roleArn: deploy.arn }), deniedCall({ eventId: "c2", time: new Date(t.getTime() - 30_000).toISOString(), roleArn: deploy.arn, sub: "project_path:evil/x:ref_type:branch:ref:main" })] });

    const json = await cli(["usage", "--json"]);
    expect(json.code, json.stderr).toBe(0);
    const out = JSON.parse(json.stdout) as { runs: { source: string; status: string; counts: { inserted: number } }[]; roles: { role: { name: string }; usage: { grants: { mappingId: string | null; uses90d: number }[]; denied: unknown[] } }[] };
    expect(out.runs).toEqual([expect.objectContaining({ source: "s3", status: "succeeded", counts: expect.objectContaining({ inserted: 2 }) })]);
    expect(out.roles[0]?.usage.grants).toEqual([expect.objectContaining({ mappingId, uses90d: 1 })]);
    expect(out.roles[0]?.usage.denied).toHaveLength(1);

    const human = await cli(["usage"]);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toContain("s3: succeeded — 0 file(s)");
    expect(human.stdout).toContain(`project_path:platform/web:ref_type:branch:ref:main  [mapping ${mappingId}]  last used`);
    expect(human.stdout).toContain("! denied: project_path:evil/x:ref_type:branch:ref:main ×1 (AccessDenied");
  }, 120_000);

  it("exits 1 when a source could not be read, naming it", async () => {
    await h.addRole("deploy");
    const proxy = await startS3FaultProxy(h.moto.endpoint, (_m, p) => (p.startsWith(`/${BUCKET}`) ? { status: 403, code: "AccessDenied" } : undefined));
    try {
      const out = await cli(["usage"], { AWS_ENDPOINT_URL_S3: proxy.endpoint });
      expect(out.code).toBe(1);
      expect(out.stdout).toContain(`! [not read] s3://${BUCKET}/AWSLogs/: S3 ListObjectsV2 of s3://${BUCKET}/AWSLogs/ failed: AccessDenied.`);
    } finally {
      await proxy.close();
    }
  }, 120_000);

  it("usage setup prints the EventBridge rule and the queue policy for TRUSTMAP_USAGE_SQS_URL", async () => {
    const out = await cli(["usage", "setup", "--json"], { TRUSTMAP_USAGE_SQS_URL: "https://sqs.us-east-2.amazonaws.com/111122223333/trustmap-usage" });
    expect(out.code, out.stderr).toBe(0);
    const setup = JSON.parse(out.stdout) as { eventPattern: unknown; queuePolicy: { Statement: { Resource: string }[] }; commands: string[] };
    expect(setup.eventPattern).toEqual({ source: ["aws.sts"], "detail-type": ["AWS API Call via CloudTrail"], detail: { eventSource: ["sts.amazonaws.com"], eventName: ["AssumeRoleWithWebIdentity"] } });
    expect(setup.queuePolicy.Statement[0]?.Resource).toBe("arn:aws:sqs:us-east-2:111122223333:trustmap-usage");

    const missing = await cli(["usage", "setup"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("TRUSTMAP_USAGE_SQS_URL is not set");
  }, 120_000);
});
