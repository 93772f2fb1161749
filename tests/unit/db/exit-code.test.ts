import { spawnSync } from "node:child_process";
import path from "node:path";
import { expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../../..");

it("a process that loads the embedded server keeps the exit code it set (a failing integration run exits non-zero)", () => {
  // The integration stage's global set-up loads lib/db/embedded.ts in vitest's own process, which
  // reports failures by setting process.exitCode and ending naturally.
  const script = 'await import("./lib/db/embedded.ts"); process.exitCode = 3;';
  const run = spawnSync(path.join(root, "node_modules", ".bin", "tsx"), ["--input-type=module", "-e", script], { cwd: root, encoding: "utf8" });
  expect(run.stderr).toBe("");
  expect(run.status).toBe(3);
});
