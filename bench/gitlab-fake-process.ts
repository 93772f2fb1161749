/**
 * The GitLab fake in its own process (so its CPU is measured apart from trustmap's), seeded from
 * a JSON document, and a process' CPU time from /proc. Shared by the benches that talk to GitLab.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export async function startFakeProcess(seed: object): Promise<{ url: string; pid: number | undefined; stop(): void }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "trustmap-bench-"));
  const file = path.join(dir, "seed.json");
  writeFileSync(file, JSON.stringify(seed));
  const child = spawn(process.execPath, ["--import", "tsx", path.resolve(import.meta.dirname, "../tests/fakes/gitlab/main.ts"), "--port", "0", "--seed", file], { stdio: ["ignore", "pipe", "inherit"] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (c: Buffer) => {
      out += c.toString();
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match) resolve(match[1] as string);
    });
    child.once("exit", (code) => reject(new Error(`GitLab fake exited with ${code}`)));
  });
  return { url, pid: child.pid, stop: () => child.kill("SIGTERM") };
}

/** USER_HZ: 100 on every Linux architecture Node supports. */
const CLOCK_TICKS_PER_SECOND = 100;

/** CPU time (user + system) a process has used so far, from /proc (Linux); undefined elsewhere. */
export function processCpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}
