/**
 * Runs every bench/*.bench.ts (sorted by name), one after another, by calling its default export.
 * `npm run bench` runs all; `npm run bench -- policy db` runs the files whose names start with
 * one of the arguments (`policy` selects policy.bench.ts). A bench that throws is reported and
 * makes the exit code non-zero; the others still run.
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const dir = import.meta.dirname;
const filters = process.argv.slice(2).filter((arg) => arg !== "--");
const all = readdirSync(dir)
  .filter((file) => file.endsWith(".bench.ts"))
  .sort();
const selected = filters.length === 0 ? all : all.filter((file) => filters.some((name) => file === name || file.startsWith(name)));

if (selected.length === 0) {
  console.error(`no bench matches ${filters.join(", ")} (available: ${all.join(", ") || "none"})`);
  process.exit(1);
}

let failed = 0;
for (const file of selected) {
  try {
    const loaded = (await import(pathToFileURL(path.join(dir, file)).href)) as { default?: unknown };
    if (typeof loaded.default !== "function") throw new Error("has no default export function run(): Promise<void>");
    await (loaded.default as () => Promise<void>)();
  } catch (error) {
    failed++;
    console.error(`${file} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
}
process.exit(failed === 0 ? 0 : 1);
