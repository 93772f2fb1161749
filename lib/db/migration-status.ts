/**
 * Which migrations the running code ships with (the folders under prisma/migrations) and which
 * the database has applied (through `trustmap_applied_migrations()`, which the app role may call
 * though it cannot read `_prisma_migrations`; see its migration). For GET /api/health.
 */
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import type { DbOrTx } from "./prisma";

/**
 * The migration folders next to the code. Read from the working directory because `next start`
 * and `npm start` run from the project root and the Next.js server bundle has no stable path of
 * its own (Next's docs recommend process.cwd() for files read at run time).
 */
export function shippedMigrations(dir = path.join(process.cwd(), "prisma", "migrations")): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(dir, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort();
}

/** The names of the migrations the database finished applying (throws when it cannot tell, e.g. before the function's own migration). */
export async function appliedMigrations(db: DbOrTx): Promise<string[]> {
  const rows = await db.$queryRaw<{ name: string }[]>`select name from trustmap_applied_migrations() as name`;
  return rows.map((r) => r.name);
}
