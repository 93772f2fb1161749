import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../../..");

function start(env: Record<string, string>) {
  const res = spawnSync(path.join(root, "node_modules/.bin/tsx"), ["--conditions=react-server", "scripts/start.ts"], {
    cwd: root,
    env: { ...process.env, PORT: "39999", ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { status: res.status, stderr: res.stderr.trim(), stdout: res.stdout };
}

describe("npm start refuses bad configuration with one line saying what to fix", () => {
  it.each([
    ["a malformed DATABASE_URL", { DATABASE_URL: "mysql://root@db/trustmap" }, /^trustmap: cannot start: DATABASE_URL uses "mysql"; trustmap needs a postgresql:\/\/ URL/],
    ["an unreachable database", { DATABASE_URL: "postgresql://u:secret-pw@127.0.0.1:1/trustmap" }, /^trustmap: cannot start: cannot reach PostgreSQL at postgresql:\/\/u:\*\*\*@127\.0\.0\.1:1\/trustmap: connection refused/],
    ["no AUTH_SECRET outside demo mode", { AUTH_GITLAB_ID: "id", AUTH_GITLAB_SECRET: "s", AUTH_SECRET: "", TRUSTMAP_DEMO: "" }, /^trustmap: cannot start: AUTH_SECRET is not set/],
    ["a non-numeric PORT", { PORT: "http" }, /^trustmap: cannot start: PORT must be a number/],
    ["no AUDIT_KEY outside demo mode", { AUTH_GITLAB_ID: "id", AUTH_GITLAB_SECRET: "s", AUTH_SECRET: "an-auth-secret-long-enough-for-this", AUDIT_KEY: "", TRUSTMAP_DEMO: "" }, /^trustmap: cannot start: AUDIT_KEY is not set; generate one with `openssl rand -base64 32`/],
    ["an AUDIT_KEY too short to be a key", { AUDIT_KEY: "secret-pw" }, /^trustmap: cannot start: AUDIT_KEY must be at least 32 characters; generate one with `openssl rand -base64 32`\.$/],
  ])("%s", (_what, env, message) => {
    const res = start(env);
    expect(res.status).toBe(1);
    expect(res.stderr).toMatch(message);
    expect(res.stderr.split("\n")).toHaveLength(1);
    expect(res.stderr).not.toContain("secret-pw");
    expect(res.stderr).not.toMatch(/\n\s+at /);
  });
});

describe("TRUSTMAP_DEMO=0 means demo mode is off", () => {
  // A data folder of its own: demo mode generates its secrets there before it meets the database.
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "trustmap-startup-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  const unreachable = { DATABASE_URL: "postgresql://u:secret-pw@127.0.0.1:1/trustmap", TRUSTMAP_DATA_DIR: dataDir };

  it("refuses to start without GitLab sign-in, in one line naming what to set", () => {
    const res = start({ ...unreachable, TRUSTMAP_DEMO: "0", AUTH_GITLAB_ID: "", AUTH_GITLAB_SECRET: "" });
    expect(res.status).toBe(1);
    expect(res.stderr).toMatch(/^trustmap: cannot start: TRUSTMAP_DEMO=0 turns demo mode off, but GitLab sign-in is not configured: set AUTH_GITLAB_ID and AUTH_GITLAB_SECRET/);
    expect(res.stderr.split("\n")).toHaveLength(1);
    expect(res.stdout).not.toContain("demo mode");
  });

  it("refuses with only half of the GitLab OAuth application configured", () => {
    const res = start({ ...unreachable, TRUSTMAP_DEMO: "0", AUTH_GITLAB_ID: "id", AUTH_GITLAB_SECRET: "" });
    expect(res.status).toBe(1);
    expect(res.stderr).toMatch(/^trustmap: cannot start: TRUSTMAP_DEMO=0 turns demo mode off/);
  });

  it("starts (here: goes on to the database) when GitLab sign-in is configured", () => {
    const res = start({ ...unreachable, TRUSTMAP_DEMO: "0", AUTH_GITLAB_ID: "id", AUTH_GITLAB_SECRET: "s", AUTH_SECRET: "an-auth-secret-long-enough-for-this", AUDIT_KEY: "an-audit-key-long-enough-for-this-test" });
    expect(res.status).toBe(1);
    expect(res.stderr).toMatch(/^trustmap: cannot start: cannot reach PostgreSQL/);
    expect(res.stdout).not.toContain("demo mode");
  });

  it("unset, without GitLab sign-in, still starts the demo", () => {
    const res = start({ ...unreachable, TRUSTMAP_DEMO: "", AUTH_GITLAB_ID: "", AUTH_GITLAB_SECRET: "" });
    expect(res.stdout).toContain("trustmap: GitLab sign-in is not configured (AUTH_GITLAB_ID, AUTH_GITLAB_SECRET): starting in demo mode");
    expect(res.stderr).toMatch(/^trustmap: cannot start: cannot reach PostgreSQL/);
  });
});
