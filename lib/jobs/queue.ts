/**
 * Putting work on the job queue. `enqueueInTx` writes the job in the caller's transaction (an
 * outbox without a second table): the job exists if and only if the change it follows
 * committed, so a notification is never lost to a crash between commit and send, and never
 * sent for a change that rolled back.
 *
 * pg-boss' `send` accepts a `db` that runs its INSERT; we hand it the Prisma transaction. So the
 * sender needs no connection of its own and is never started: it is pg-boss used as the builder of
 * its own INSERT (retry options, the queue's policy), run through the caller's transaction.
 * Starting one (a pool, a first connection, pg-boss' install and version check) used to happen
 * inside the first enqueuing transaction of each process and held it, with its row locks, for
 * 0.5–1.5 s. The schema and every queue of the catalog are installed and checked by the owner role
 * before the app serves (lib/db/privileges.ts installJobQueue); a job for a missing queue is
 * refused by the INSERT itself.
 */
import "server-only";
import PgBoss from "pg-boss";
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

const g = globalThis as { trustmapJobSender?: PgBoss };

/** Any statement pg-boss would run on a connection of its own is a bug here: the sender has none. */
const NO_CONNECTION: PgBoss.Db = {
  executeSql: async () => {
    throw new AppError("INTERNAL", "The job sender runs statements only through the caller's transaction.");
  },
};

function sender(): PgBoss {
  g.trustmapJobSender ??= new PgBoss({ db: NO_CONNECTION, supervise: false, schedule: false, migrate: false });
  return g.trustmapJobSender;
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
  const id = await sender().send(name, data, { ...sendOptions(name, options), db: through(tx) });
  if (id === null) throw new AppError("INTERNAL", `The job queue did not accept a ${name} job.`);
  return id;
}

/** Forget this process' sender (tests). It holds no connection, so there is nothing to close. */
export async function stopJobSender(): Promise<void> {
  g.trustmapJobSender = undefined;
}
