/**
 * The server's one logger: one JSON object per line on stdout (pino), with the request id where
 * there is one, and never a secret. Two layers keep secrets out:
 * 1. `redact` removes known fields wherever a caller passes structured data (headers, tokens,
 *    passwords, connection strings, the configuration's secrets);
 * 2. every finished line is scrubbed before it is written: the values of the secret environment
 *    variables (lib/config.ts `secretValues`), URL passwords (`scheme://user:…@`), bearer tokens
 *    and trustmap/GitLab token shapes — for secrets that travel inside messages and error text
 *    (a driver's "cannot connect to postgresql://app:pw@…", an upstream error echoing a header).
 * Scrubbing uses indexOf and fixed patterns without nested quantifiers (linear; no pattern is built
 * from data).
 *
 * Where it is used: route handlers' and server actions' unexpected errors (with-permission.ts,
 * define-action.ts), Next's own request errors (instrumentation.ts `onRequestError`), the job
 * runner, and — in production — everything the Next.js server prints through `console`, which
 * instrumentation.ts routes here so that the whole server log is JSON lines.
 */
import pino, { type DestinationStream, type Logger } from "pino";
import { format } from "node:util";
import { secretValues } from "@/lib/config";

export const REDACTED = "[Redacted]";

/** Fields removed wherever they appear at these paths (pino/fast-redact paths; `*` is one level). */
export const REDACT_PATHS = [
  "authorization",
  "cookie",
  "headers.authorization",
  "headers.cookie",
  'headers["set-cookie"]',
  "*.headers.authorization",
  "*.headers.cookie",
  '*.headers["set-cookie"]',
  "password",
  "*.password",
  "secret",
  "*.secret",
  "clientSecret",
  "*.clientSecret",
  "*.*.clientSecret",
  "token",
  "*.token",
  "accessToken",
  "*.accessToken",
  "refreshToken",
  "*.refreshToken",
  "audit.key",
  "*.audit.key",
  "databaseUrl",
  "*.databaseUrl",
  "databaseMigrationUrl",
  "*.databaseMigrationUrl",
  "connectionString",
  "*.connectionString",
  "AUTH_SECRET",
  "*.AUTH_SECRET",
  "AUDIT_KEY",
  "*.AUDIT_KEY",
  "GITLAB_TOKEN",
  "*.GITLAB_TOKEN",
  "AUTH_GITLAB_SECRET",
  "*.AUTH_GITLAB_SECRET",
  "DATABASE_URL",
  "*.DATABASE_URL",
  "DATABASE_MIGRATION_URL",
  "*.DATABASE_MIGRATION_URL",
  "SMTP_URL",
  "*.SMTP_URL",
  "TRUSTMAP_WEBHOOK_SECRET",
  "*.TRUSTMAP_WEBHOOK_SECRET",
  "TRUSTMAP_SLACK_WEBHOOK_URL",
  "*.TRUSTMAP_SLACK_WEBHOOK_URL",
];

/** `Bearer <anything up to a space or a quote>`; `[^\s"\\]` cannot match what `\s+` does, so this never backtracks. */
const BEARER = /(Bearer\s+)[^\s"\\]+/gi;
/** trustmap's personal API tokens (lib/auth/tokens.ts: `tmp_` + 43 base64url characters) and GitLab's token prefixes. */
const TOKEN_SHAPES = /\b(tmp_|glpat-|gloas-|glrt-|gldt-|glptt-|glcbt-)[A-Za-z0-9_-]{16,}/g;

/** Replace the password of every `scheme://user:password@host` in `text` (a plain scan, no pattern). */
export function scrubUrlPasswords(text: string): string {
  let out = "";
  let from = 0;
  for (;;) {
    const scheme = text.indexOf("://", from);
    if (scheme === -1) break;
    // The authority ends at the first of / ? # whitespace or a JSON quote; its userinfo at the last "@" before that.
    let end = scheme + 3;
    let at = -1;
    while (end < text.length) {
      const c = text.charCodeAt(end);
      if (c === 47 || c === 63 || c === 35 || c === 34 || c === 92 || c <= 32) break; // / ? # " \ space/control
      if (c === 64) at = end; // @
      end++;
    }
    const colon = at === -1 ? -1 : text.indexOf(":", scheme + 3);
    if (at !== -1 && colon !== -1 && colon < at) {
      out += text.slice(from, colon + 1) + REDACTED;
      from = at;
    } else {
      out += text.slice(from, end);
      from = end;
    }
  }
  return out + text.slice(from);
}

/** Remove secrets from a finished log line (see the module comment). */
export function scrubSecrets(line: string, secrets: readonly string[] = secretValues()): string {
  let out = line;
  for (const secret of secrets) {
    if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    // As it appears inside a JSON string (quotes and backslashes escaped).
    const escaped = JSON.stringify(secret).slice(1, -1);
    if (escaped !== secret && out.includes(escaped)) out = out.split(escaped).join(REDACTED);
  }
  return scrubUrlPasswords(out).replace(BEARER, `$1${REDACTED}`).replace(TOKEN_SHAPES, `$1${REDACTED}`);
}

function safeSecretValues(): string[] {
  try {
    return secretValues();
  } catch {
    return [];
  }
}

/** A logger writing to `destination` (stdout by default), with trustmap's format and redaction. */
export function createLogger(destination?: DestinationStream): Logger {
  return pino(
    {
      level: "info",
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACT_PATHS, censor: REDACTED },
      hooks: { streamWrite: (line) => scrubSecrets(line, safeSecretValues()) },
    },
    destination ?? pino.destination({ dest: 1, sync: true }),
  );
}

const g = globalThis as { trustmapLogger?: Logger };

/** The process' logger. */
export function logger(): Logger {
  g.trustmapLogger ??= createLogger();
  return g.trustmapLogger;
}

/**
 * A `toUserError` log callback (lib/errors.ts stays a leaf, so callers hand it the logger): the
 * unexpected error with its event id (the request id) and where it happened.
 */
export function logUnexpected(context: { requestId: string } & Record<string, unknown>): (line: string, err: unknown) => void {
  return (_line, err) => logger().error({ ...context, err }, "unexpected error");
}

/**
 * Send everything written through `console` to the logger, so a server's output is JSON lines
 * even where a library (Next.js itself) prints. Arguments are formatted as console would
 * (util.format); an Error among them becomes the line's `err`.
 */
export function routeConsoleToLogger(log: Logger = logger()): void {
  const to = (level: "debug" | "info" | "warn" | "error") => (...args: unknown[]) => {
    const err = args.find((a) => a instanceof Error);
    const rest = err === undefined ? args : args.filter((a) => a !== err);
    const msg = format(...rest);
    if (err !== undefined) log[level]({ err }, msg || (err as Error).message);
    else log[level](msg);
  };
  console.debug = to("debug");
  console.log = to("info");
  console.info = to("info");
  console.warn = to("warn");
  console.error = to("error");
}
