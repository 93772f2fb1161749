/**
 * Read back what lib/mappings/ci-snippet.ts writes, the way GitLab would hand it to a job: the
 * `variables:` block as an environment, and the `before_script` block as shell text.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

/** The job's `variables:` (plain or JSON-quoted YAML scalars, as the generator writes them). */
export function jobVariables(yaml: string): Record<string, string> {
  const lines = yaml.split("\n");
  const start = lines.indexOf("  variables:");
  const out: Record<string, string> = {};
  if (start === -1) return out;
  for (const line of lines.slice(start + 1)) {
    const m = /^ {4}([A-Z_][A-Z0-9_]*): (.*)$/.exec(line);
    if (!m) break;
    const value = m[2]!;
    out[m[1]!] = value.startsWith('"') ? (JSON.parse(value) as string) : value;
  }
  return out;
}

/** The `before_script` literal block, de-indented: what the runner's shell executes. */
export function beforeScript(yaml: string): string {
  const lines = yaml.split("\n");
  const start = lines.indexOf("  before_script:");
  if (start === -1 || lines[start + 1] !== "    - |") throw new Error("no before_script literal block");
  const body: string[] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith("      ")) break;
    body.push(line.slice(6));
  }
  return body.join("\n") + "\n";
}

/**
 * Run the job's before_script and then `then` in one POSIX shell, as GitLab runs before_script +
 * script. mktemp works under a private TMPDIR that is removed afterwards, whatever happens.
 */
export async function runJobShell(yaml: string, env: Record<string, string>, then: string): Promise<string> {
  const script = beforeScript(yaml) + then;
  const tmp = mkdtempSync(path.join(os.tmpdir(), "ci-job-"));
  try {
    const { stdout } = await promisify(execFile)("sh", ["-ec", script], { env: { NODE_ENV: "test", PATH: process.env.PATH ?? "/usr/bin:/bin", TMPDIR: tmp, ...jobVariables(yaml), ...env } });
    return stdout;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
