/**
 * Every environment variable trustmap reads, parsed with zod in one place (DESIGN.md
 * "Configuration"). Nothing else in lib/, app/ or components/ reads `process.env`; an ESLint
 * rule keeps it so. Everything that is not an environment variable is a setting in the database.
 *
 * An empty variable counts as unset (`FOO= npm start` is how people unset things in shells).
 * A value that does not parse throws a CONFIG error naming the variable, so `npm start` can stop
 * with one line saying what to fix.
 *
 * The AWS SDK reads its own variables (credential chain, AWS_ENDPOINT_URL_<SERVICE>, AWS_PROFILE);
 * they are listed here only where trustmap itself decides something with them.
 */
import { z } from "zod";
import { AppError } from "./errors";

const optional = z.string().min(1).optional();
const httpUrl = z.url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" });
/** A URL given without its trailing slashes, so callers can append paths. */
const baseUrl = httpUrl.transform((url) => url.replace(/\/+$/, ""));
/** `s3://bucket/prefix` (prefix optional), as the AWS CLI writes S3 locations. */
const s3Location = z
  .string()
  .regex(/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/[^\s]*)?$/, { error: "must be s3://BUCKET or s3://BUCKET/PREFIX" })
  .transform((value) => {
    const [bucket = "", ...rest] = value.slice("s3://".length).split("/");
    return { bucket, prefix: rest.filter((part) => part !== "").join("/") };
  });
const flag = z.enum(["0", "1", "true", "false"], { error: "must be 1 or 0" }).transform((v) => v === "1" || v === "true");

/** A bucket and a key prefix in S3 (`prefix` is "" or ends with "/"). */
export interface S3Location {
  bucket: string;
  prefix: string;
}

// Bucket names: 3-63 lowercase letters, digits, dots and hyphens, starting and ending with a
// letter or digit (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html).
const S3_URI = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/;

/** `s3://bucket` or `s3://bucket/prefix` → its bucket and prefix; null when it is not one. */
export function parseS3Uri(uri: string): S3Location | null {
  const match = S3_URI.exec(uri);
  if (!match) return null;
  const rest = (match[2] ?? "").replace(/^\/+|\/+$/g, "");
  return { bucket: match[1] as string, prefix: rest === "" ? "" : `${rest}/` };
}

const s3Uri = z.string().transform((value, ctx) => {
  const location = parseS3Uri(value);
  if (location === null) {
    ctx.addIssue({ code: "custom", message: "must be s3://bucket or s3://bucket/prefix" });
    return z.NEVER;
  }
  return location;
});

const ZEnv = z.object({
  DATABASE_URL: optional,
  DATABASE_MIGRATION_URL: optional,
  /** HMAC key of the audit chain; the raw string's UTF-8 bytes are the key. Never stored in the database. */
  AUDIT_KEY: z.string().min(32, { error: "must be at least 32 characters; generate one with `openssl rand -base64 32`" }).optional(),
  TRUSTMAP_AUDIT_S3: s3Location.optional(),
  TRUSTMAP_DATA_DIR: optional,
  PORT: z.coerce.number({ error: "must be a number" }).int({ error: "must be a number" }).min(1, { error: "must be a port from 1 to 65535" }).max(65_535, { error: "must be a port from 1 to 65535" }).default(3000),

  AUTH_SECRET: optional,
  AUTH_URL: httpUrl.optional(),
  AUTH_TRUST_HOST: flag.optional(),
  AUTH_GITLAB_ID: optional,
  AUTH_GITLAB_SECRET: optional,
  /** "1" demo sign-in and data; "0" means off (npm start then needs GitLab sign-in); unset: decided by npm start. */
  TRUSTMAP_DEMO: flag.optional(),

  GITLAB_URL: baseUrl.default("https://gitlab.com"),
  GITLAB_TOKEN: optional,

  AWS_REGION: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, { error: "must be an AWS region such as us-east-1" }).default("us-east-1"),
  AWS_ENDPOINT_URL: httpUrl.optional(),
  AWS_ENDPOINT_URL_IAM: httpUrl.optional(),
  AWS_ENDPOINT_URL_STS: httpUrl.optional(),
  AWS_ENDPOINT_URL_S3: httpUrl.optional(),

  /** A CloudTrail trail's log files (usage evidence), e.g. s3://org-trail-logs or s3://bucket/prefix. */
  TRUSTMAP_CLOUDTRAIL_S3: s3Uri.optional(),
  /** The SQS queue an EventBridge rule fills with AssumeRoleWithWebIdentity events. */
  TRUSTMAP_USAGE_SQS_URL: httpUrl.optional(),
  /** smtp://user:pass@host:port (STARTTLS when offered) or smtps:// (TLS from the start). */
  SMTP_URL: z.url({ protocol: /^smtps?$/, error: "must be an smtp:// or smtps:// URL" }).optional(),
  /** The From of notification emails, e.g. "trustmap <trustmap@example.com>". */
  SMTP_FROM: optional,
  TRUSTMAP_WEBHOOK_URL: httpUrl.optional(),
  TRUSTMAP_WEBHOOK_SECRET: z.string().min(16, { error: "must be at least 16 characters" }).optional(),
  TRUSTMAP_SLACK_WEBHOOK_URL: httpUrl.optional(),
  /** Lets webhooks reach loopback, private and link-local addresses (tests, a lab). */
  TRUSTMAP_ALLOW_PRIVATE_WEBHOOKS: flag.optional(),
}).superRefine((env, ctx) => {
  if (env.SMTP_URL && !env.SMTP_FROM) ctx.addIssue({ code: "custom", path: ["SMTP_FROM"], message: "must be set when SMTP_URL is (the From of notification emails)" });
});

export type Env = z.output<typeof ZEnv>;

export interface Config {
  databaseUrl: string | undefined;
  /** The owner role that runs migrations; unset → DATABASE_URL runs them. */
  databaseMigrationUrl: string | undefined;
  dataDir: string | undefined;
  port: number;
  audit: {
    /** HMAC-SHA256 key of the audit chain's links; undefined → audit events cannot be written or verified. */
    key: string | undefined;
    /** Where audit checkpoints go; undefined → a file in the data folder. */
    checkpointS3: { bucket: string; prefix: string } | undefined;
  };
  auth: { secret: string | undefined; url: string | undefined; trustHost: boolean };
  /** Demo sign-in and seeded demo data. */
  demo: boolean;
  /** TRUSTMAP_DEMO as given: true, false (explicitly off) or undefined (not set). */
  demoSetting: boolean | undefined;
  gitlab: {
    /** Base URL without trailing slash, for sign-in and the API. */
    url: string;
    /** API token the reconciler and inventory use; undefined → GitLab's API is not connected. */
    token: string | undefined;
    oauth: { clientId: string; clientSecret: string } | undefined;
  };
  aws: {
    /** trustmap's own region (STS, S3 clients); not the region an account's CI jobs use. */
    region: string;
    /**
     * Where STS is reached when the environment redirects IAM only: an emulator that serves IAM
     * (AWS_ENDPOINT_URL_IAM, e.g. moto) serves STS at the same address, while the SDK would
     * otherwise send STS to AWS itself. Undefined → the SDK's own resolution, which honours an
     * explicit AWS_ENDPOINT_URL_STS or AWS_ENDPOINT_URL.
     */
    stsEndpoint: string | undefined;
    /** An S3 endpoint override (moto in tests): S3 clients then use path-style addressing. */
    s3Endpoint: string | undefined;
  };
  usage: {
    /** Where a trail delivers its log files (all accounts found under it); undefined → none. */
    cloudtrailS3: S3Location | undefined;
    /** The queue of AssumeRoleWithWebIdentity events from EventBridge; undefined → no streaming. */
    sqsUrl: string | undefined;
  };
  /** Where notifications go (lib/notify). Secrets here are never logged or shown. */
  notify: {
    /** Email over SMTP; undefined → no SMTP (demo mode then keeps emails in its outbox). */
    smtp: { url: string; from: string } | undefined;
    /** A generic JSON webhook receiving every event (unless Settings narrows it). */
    webhookUrl: string | undefined;
    /** HMAC-SHA256 key of X-Trustmap-Signature on generic webhooks. */
    webhookSecret: string | undefined;
    /** A Slack-compatible incoming webhook receiving every event (unless Settings narrows it). */
    slackWebhookUrl: string | undefined;
    /** Webhooks may reach loopback, private and link-local addresses. */
    allowPrivateWebhooks: boolean;
  };
}

const KEYS = Object.keys(ZEnv.shape) as (keyof typeof ZEnv.shape)[];

function toConfig(env: Env): Config {
  return {
    databaseUrl: env.DATABASE_URL,
    databaseMigrationUrl: env.DATABASE_MIGRATION_URL,
    dataDir: env.TRUSTMAP_DATA_DIR,
    port: env.PORT,
    audit: { key: env.AUDIT_KEY, checkpointS3: env.TRUSTMAP_AUDIT_S3 },
    auth: { secret: env.AUTH_SECRET, url: env.AUTH_URL, trustHost: env.AUTH_TRUST_HOST ?? false },
    demo: env.TRUSTMAP_DEMO === true,
    demoSetting: env.TRUSTMAP_DEMO,
    gitlab: {
      url: env.GITLAB_URL,
      token: env.GITLAB_TOKEN,
      oauth: env.AUTH_GITLAB_ID && env.AUTH_GITLAB_SECRET ? { clientId: env.AUTH_GITLAB_ID, clientSecret: env.AUTH_GITLAB_SECRET } : undefined,
    },
    aws: {
      region: env.AWS_REGION,
      stsEndpoint: env.AWS_ENDPOINT_URL_STS || env.AWS_ENDPOINT_URL ? undefined : env.AWS_ENDPOINT_URL_IAM,
      s3Endpoint: env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL,
    },
    usage: { cloudtrailS3: env.TRUSTMAP_CLOUDTRAIL_S3, sqsUrl: env.TRUSTMAP_USAGE_SQS_URL },
    notify: {
      smtp: env.SMTP_URL && env.SMTP_FROM ? { url: env.SMTP_URL, from: env.SMTP_FROM } : undefined,
      webhookUrl: env.TRUSTMAP_WEBHOOK_URL,
      webhookSecret: env.TRUSTMAP_WEBHOOK_SECRET,
      slackWebhookUrl: env.TRUSTMAP_SLACK_WEBHOOK_URL,
      allowPrivateWebhooks: env.TRUSTMAP_ALLOW_PRIVATE_WEBHOOKS ?? false,
    },
  };
}

/** Parse an environment (empty values count as unset); throws CONFIG naming the first bad variable (never echoing its value, which may be a secret). */
export function parseConfig(source: Readonly<Record<string, string | undefined>>): Config {
  const raw: Record<string, string> = {};
  for (const key of KEYS) {
    const value = source[key];
    if (value !== undefined && value !== "") raw[key] = value;
  }
  const parsed = ZEnv.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue?.path[0] ?? "environment");
    throw new AppError("CONFIG", `${name} ${issue?.message ?? "is not valid"}.`);
  }
  return toConfig(parsed.data);
}

let cached: { key: string; config: Config } | null = null;

/**
 * The configuration of this process. Parsed once; parsed again only when one of its variables
 * changed (npm start and the test harness set variables before the app reads them, and tests
 * switch GitLab or AWS endpoints between files), which costs one string join per call.
 */
export function config(): Config {
  const key = KEYS.map((k) => process.env[k] ?? "").join("\u0000");
  if (cached?.key !== key) cached = { key, config: parseConfig(process.env) };
  return cached.config;
}

/**
 * Variables whose values are secrets (or URLs whose password is), for the logger's last line of
 * defence (lib/log.ts): none of them may appear in a log line, however a value got into it.
 * Names not parsed above (SMTP_URL, TRUSTMAP_WEBHOOK_SECRET, TRUSTMAP_SLACK_WEBHOOK_URL…) are
 * listed too, so a secret is covered the day its variable is added.
 */
const SECRET_VARIABLES = ["AUTH_SECRET", "AUDIT_KEY", "AUTH_GITLAB_SECRET", "GITLAB_TOKEN", "TRUSTMAP_WEBHOOK_SECRET", "TRUSTMAP_SLACK_WEBHOOK_URL", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"] as const;
const URL_WITH_PASSWORD_VARIABLES = ["DATABASE_URL", "DATABASE_MIGRATION_URL", "SMTP_URL"] as const;
/** Shorter values are not scrubbed: replacing every "test" or "1" in a log line would garble it, and such a value is no secret. */
const MIN_SECRET_LENGTH = 6;

let secretsCache: { key: string; values: string[] } | null = null;

/** The secret values of this process' environment (see SECRET_VARIABLES), longest first. */
export function secretValues(): string[] {
  const names = [...SECRET_VARIABLES, ...URL_WITH_PASSWORD_VARIABLES];
  const key = names.map((n) => process.env[n] ?? "").join("\u0000");
  if (secretsCache?.key === key) return secretsCache.values;
  const values = new Set<string>();
  for (const name of SECRET_VARIABLES) {
    const value = process.env[name];
    if (value && value.length >= MIN_SECRET_LENGTH) values.add(value);
  }
  for (const name of URL_WITH_PASSWORD_VARIABLES) {
    const value = process.env[name];
    if (!value) continue;
    try {
      const password = new URL(value).password;
      if (password.length >= MIN_SECRET_LENGTH) {
        values.add(password);
        values.add(decodeURIComponent(password));
      }
    } catch {
      // not a URL: nothing to extract (config() reports it)
    }
  }
  secretsCache = { key, values: [...values].sort((a, b) => b.length - a.length) };
  return secretsCache.values;
}
