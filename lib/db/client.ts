import "server-only";
import { config } from "@/lib/config";
import { createPrismaClient, type Db } from "./prisma";

// One client per process; kept on globalThis so Next's dev reloads do not open new pools.
const g = globalThis as { trustmapDb?: Db };

/** The process-wide Prisma client for DATABASE_URL. */
export function getDb(): Db {
  if (!g.trustmapDb) {
    const url = config().databaseUrl;
    if (!url) throw new Error("DATABASE_URL is not set; start trustmap with npm start");
    g.trustmapDb = createPrismaClient(url);
  }
  return g.trustmapDb;
}
