import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { dbErrorToAppError } from "./errors";

/**
 * A Prisma client on adapter-pg (no native query engine) for one database URL. Every operation,
 * raw queries included, turns the database errors we understand (constraint violations, the
 * audit log's refusals) into AppErrors here, at the edge, so no caller needs to know Postgres'
 * error table.
 */
export function createPrismaClient(databaseUrl: string) {
  // maxWait: how long a transaction may wait for one of the pool's connections. Prisma's 2 s
  // default turns a busy moment (many concurrent audited writes on a loaded machine) into a
  // failed request; waiting longer is the right answer to a short queue.
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl, max: 10 }), transactionOptions: { maxWait: 10_000 } }).$extends({
    name: "trustmap-db-errors",
    query: {
      async $allOperations({ args, query }) {
        try {
          return await query(args);
        } catch (e) {
          throw dbErrorToAppError(e) ?? e;
        }
      },
    },
  });
}

export type Db = ReturnType<typeof createPrismaClient>;
/** The client handed to a callback of `db.$transaction`. */
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];
export type DbOrTx = Db | Tx;
