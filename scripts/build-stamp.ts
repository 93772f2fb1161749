/** A fingerprint of everything `next build` reads, so npm start rebuilds only when it changed. */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

const INPUTS = ["app", "components", "lib", "public", "proxy.ts", "instrumentation.ts", "prisma/schema.prisma", "package-lock.json", "next.config.mjs", "postcss.config.mjs", "tsconfig.json"];
const SKIP = new Set(["node_modules", ".next", ".data", "generated"]);

function walk(p: string, out: string[]): void {
  if (!existsSync(p)) return;
  if (statSync(p).isDirectory()) {
    for (const name of readdirSync(p).sort()) if (!SKIP.has(name)) walk(path.join(p, name), out);
  } else {
    out.push(p);
  }
}

export function sourceFingerprint(root: string): string {
  const files: string[] = [];
  for (const input of INPUTS) walk(path.join(root, input), files);
  const h = createHash("sha256");
  for (const f of files) h.update(path.relative(root, f)).update("\0").update(readFileSync(f)).update("\0");
  return h.digest("hex");
}

export const STAMP_FILE = ".next/trustmap-source-fingerprint";

export function buildIsCurrent(root: string): boolean {
  const stamp = path.join(root, STAMP_FILE);
  return existsSync(path.join(root, ".next/BUILD_ID")) && existsSync(stamp) && readFileSync(stamp, "utf8") === sourceFingerprint(root);
}
