import { afterEach, describe, expect, it, vi } from "vitest";
import { config, parseConfig } from "@/lib/config";

describe("configuration is read from the environment in one place", () => {
  afterEach(() => vi.unstubAllEnvs());

  it("gives the documented defaults when nothing is set", () => {
    const c = parseConfig({});
    expect(c).toMatchObject({ port: 3000, demo: false, demoSetting: undefined, databaseUrl: undefined });
    expect(c.gitlab).toEqual({ url: "https://gitlab.com", token: undefined, oauth: undefined });
    expect(c.aws.region).toBe("us-east-1");
  });

  it("treats an empty variable as unset", () => {
    const c = parseConfig({ GITLAB_TOKEN: "", DATABASE_URL: "", PORT: "", AUTH_GITLAB_ID: "id", AUTH_GITLAB_SECRET: "" });
    expect(c.gitlab.token).toBeUndefined();
    expect(c.databaseUrl).toBeUndefined();
    expect(c.port).toBe(3000);
    expect(c.gitlab.oauth).toBeUndefined();
  });

  it("strips trailing slashes from GITLAB_URL and needs both OAuth halves", () => {
    const c = parseConfig({ GITLAB_URL: "https://gitlab.example.com//", AUTH_GITLAB_ID: "id", AUTH_GITLAB_SECRET: "s" });
    expect(c.gitlab.url).toBe("https://gitlab.example.com");
    expect(c.gitlab.oauth).toEqual({ clientId: "id", clientSecret: "s" });
  });

  it("TRUSTMAP_DEMO=0 means explicitly off, 1 means on", () => {
    expect(parseConfig({ TRUSTMAP_DEMO: "0" })).toMatchObject({ demo: false, demoSetting: false });
    expect(parseConfig({ TRUSTMAP_DEMO: "1" })).toMatchObject({ demo: true, demoSetting: true });
  });

  it.each([
    ["PORT", "http"],
    ["GITLAB_URL", "gitlab.example.com"],
    ["GITLAB_URL", "ftp://gitlab.example.com"],
    ["TRUSTMAP_DEMO", "yes"],
    ["AWS_REGION", "Frankfurt"],
    ["AUDIT_KEY", "too-short"],
    ["TRUSTMAP_AUDIT_S3", "https://bucket/prefix"],
    ["TRUSTMAP_AUDIT_S3", "s3://Not_A_Bucket/x"],
    ["TRUSTMAP_CLOUDTRAIL_S3", "https://bucket"],
    ["TRUSTMAP_USAGE_SQS_URL", "sqs://queue"],
  ])("a bad %s stops with one line naming it", (name, value) => {
    expect(() => parseConfig({ [name]: value })).toThrow(new RegExp(`^${name} must [^\\n]+\\.$`));
  });

  it("reads the audit key and where audit checkpoints go (S3 bucket and prefix, or the data folder)", () => {
    expect(parseConfig({}).audit).toEqual({ key: undefined, checkpointS3: undefined });
    const key = "k".repeat(32);
    expect(parseConfig({ AUDIT_KEY: key, TRUSTMAP_AUDIT_S3: "s3://audit-bucket/trustmap/prod/" }).audit).toEqual({ key, checkpointS3: { bucket: "audit-bucket", prefix: "trustmap/prod" } });
    expect(parseConfig({ TRUSTMAP_AUDIT_S3: "s3://audit-bucket" }).audit.checkpointS3).toEqual({ bucket: "audit-bucket", prefix: "" });
    expect(() => parseConfig({ AUDIT_KEY: "short" })).toThrow("AUDIT_KEY must be at least 32 characters; generate one with `openssl rand -base64 32`.");
  });

  it("sends STS where an IAM-only redirect points, and leaves explicit redirects to the SDK", () => {
    expect(parseConfig({ AWS_ENDPOINT_URL_IAM: "http://127.0.0.1:5000" }).aws.stsEndpoint).toBe("http://127.0.0.1:5000");
    expect(parseConfig({ AWS_ENDPOINT_URL_IAM: "http://iam", AWS_ENDPOINT_URL_STS: "http://sts" }).aws.stsEndpoint).toBeUndefined();
    expect(parseConfig({ AWS_ENDPOINT_URL_IAM: "http://iam", AWS_ENDPOINT_URL: "http://all" }).aws.stsEndpoint).toBeUndefined();
  });

  it("reads the usage sources: a trail bucket as s3://bucket/prefix and the queue URL", () => {
    const c = parseConfig({ TRUSTMAP_CLOUDTRAIL_S3: "s3://org-trail/logs", TRUSTMAP_USAGE_SQS_URL: "https://sqs.eu-west-1.amazonaws.com/111122223333/usage" });
    expect(c.usage).toEqual({ cloudtrailS3: { bucket: "org-trail", prefix: "logs/" }, sqsUrl: "https://sqs.eu-west-1.amazonaws.com/111122223333/usage" });
    expect(parseConfig({}).usage).toEqual({ cloudtrailS3: undefined, sqsUrl: undefined });
  });

  it("is parsed once, and again only when one of its variables changes", () => {
    vi.stubEnv("GITLAB_TOKEN", "glpat-one");
    const first = config();
    expect(config()).toBe(first);
    vi.stubEnv("GITLAB_TOKEN", "glpat-two");
    expect(config()).not.toBe(first);
    expect(config().gitlab.token).toBe("glpat-two");
  });
});
