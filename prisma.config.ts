import path from "node:path";
import { defineConfig } from "prisma/config";

// The native schema engine cannot be downloaded on our machines; pointing the CLI at a stub
// stops the download attempt so `prisma generate` works offline. Migrations run on Prisma's
// WebAssembly schema engine (lib/db/migrate.ts) instead.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.join(import.meta.dirname, "scripts", "no-schema-engine.sh");

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  // process.env, not env(): env() throws when unset and would break `prisma generate`.
  datasource: { url: process.env.DATABASE_URL ?? "" },
});
