/**
 * Putting work on the job queue. `enqueueInTx` writes the job in the caller's transaction (an
 * outbox without a second table): the job exists if and only if the change it follows
 * committed, so a notification is never lost to a crash between commit and send, and never
 * sent for a change that rolled back.
 *
 * pg-boss' `send` accepts a `db` that runs its INSERT; we hand it the Prisma transaction.
 * Each process keeps one send-only pg-boss instance (no supervisor, no cron, no migrations: the
 * schema and every queue of the catalog are installed by the owner role before the app serves,
 * lib/db/privileges.ts installJobQueue).
 */
import "server-only";
import PgBoss from "pg-boss";
import { config } from "@/lib/config";
import { AppError } from "@/lib/errors";
import type { DbOrTx } from "@/lib/db/prisma";
import { JOBS, type JobName } from "./catalog";

export interface EnqueueOptions {
  /** Not before this time (a Date) or this many seconds from now. */
  startAfter?: Date | number;
  /** Override the catalog's retry limit / first retry delay in seconds (tests; urgent re-sends). */
  retryLimit?: number;
  retryDelay?: number;
}

const g = globalThis as { trustmapJobSender?: { url: string; boss: Promise<PgBoss> } };

function sender(databaseUrl: string): Promise<PgBoss> {
  if (g.trustmapJobSender?.url !== databaseUrl) {
    const boss = new PgBoss({ connectionString: databaseUrl, application_name: "trustmap-job-sender", supervise: false, schedule: false, migrate: false, max: 2 });
    boss.on("error", () => {}); // a broken idle connection is reopened on the next send
    g.trustmapJobSender = { url: databaseUrl, boss: boss.start() };
    // A failed start must not stick: the next enqueue tries again.
    g.trustmapJobSender.boss.catch(() => {
      if (g.trustmapJobSender?.url === databaseUrl) g.trustmapJobSender = undefined;
    });
  }
  return g.trustmapJobSender.boss;
}

function sendOptions(name: JobName, options: EnqueueOptions) {
  const policy = JOBS[name];
  return {
    retryLimit: options.retryLimit ?? policy.retryLimit,
    retryDelay: options.retryDelay ?? policy.retryDelay,
    retryBackoff: policy.retryBackoff,
    expireInSeconds: policy.expireInSeconds,
    ...(options.startAfter !== undefined ? { startAfter: options.startAfter } : {}),
  };
}

/** Run pg-boss' statement through a Prisma client or transaction. */
function through(db: DbOrTx): PgBoss.Db {
  return { executeSql: async (text, values) => ({ rows: await db.$queryRawUnsafe<unknown[]>(text, ...values) }) };
}

/**
 * Enqueue `name` inside `tx`: committed with it or not at all. Returns the job id.
 */
export async function enqueueInTx(tx: DbOrTx, name: JobName, data: object, options: EnqueueOptions = {}): Promise<string> {
  const url = config().databaseUrl;
  if (!url) throw new AppError("CONFIG", "DATABASE_URL is not set; start trustmap with npm start.");
  const boss = await sender(url);
  const id = await boss.send(name, data, { ...sendOptions(name, options), db: through(tx) });
  if (id === null) throw new AppError("INTERNAL", `The job queue did not accept a ${name} job.`);
  return id;
}

/** Stop this process' sender (tests, CLI exit). */
export async function stopJobSender(): Promise<void> {
  const current = g.trustmapJobSender;
  g.trustmapJobSender = undefined;
  if (current) await (await current.boss.catch(() => null))?.stop({ graceful: false, wait: true });
}
