/**
 * The workers: every job the catalog names, run by whichever instance's runner picks it up
 * first (pg-boss hands each job to exactly one worker, and a cron schedule is shared by every
 * instance, so adding instances adds no duplicate runs). Started by scripts/start.ts beside the
 * web server, never inside Next.js.
 */
import "server-only";
import PgBoss from "pg-boss";
import { logger } from "@/lib/log";
import type { JobName } from "./catalog";

export interface JobContext {
  jobId: string;
  /** 0 on the first attempt. */
  retryCount: number;
  log(line: string): void;
}

export interface JobDefinition {
  name: JobName;
  /** Throwing fails this attempt; pg-boss retries it with the catalog's policy. */
  run(data: unknown, context: JobContext): Promise<void>;
  /** When the job runs by itself: a cron expression (UTC), or null for "not scheduled". Read at start-up. */
  schedule?: () => Promise<string | null>;
  /** Jobs of this kind run at once per instance (default 1). */
  concurrency?: number;
}

export interface JobRunner {
  /** name → cron in effect (null: not scheduled), for the start-up log. */
  schedules: Record<string, string | null>;
  stop(): Promise<void>;
}

export async function startJobRunner(opts: {
  databaseUrl: string;
  definitions: readonly JobDefinition[];
  /** Where job lines go (tests pass their own); default: the server's JSON logger (lib/log.ts). */
  log?: (line: string) => void;
  /** How often idle workers look for jobs (pg-boss default 2 s; tests use less). */
  pollingIntervalSeconds?: number;
}): Promise<JobRunner> {
  const log = opts.log ?? ((line: string) => logger().info(line));
  const failed = (what: string, e: unknown, fields: Record<string, unknown> = {}) => {
    if (opts.log) opts.log(`[trustmap] ${what}: ${e instanceof Error ? e.message : String(e)}`);
    else logger().error({ err: e, ...fields }, what);
  };
  const boss = new PgBoss({ connectionString: opts.databaseUrl, application_name: "trustmap-jobs", migrate: false });
  boss.on("error", (e) => failed("job queue error", e));
  await boss.start();
  const schedules: Record<string, string | null> = {};
  try {
    for (const def of opts.definitions) {
      if (def.schedule) {
        const cron = await def.schedule();
        schedules[def.name] = cron;
        if (cron === null) await boss.unschedule(def.name);
        else await boss.schedule(def.name, cron, {}, { tz: "UTC" });
      }
      // pg-boss 10 has no per-worker concurrency option: each work() call is one polling worker.
      for (let i = 0; i < (def.concurrency ?? 1); i++) {
        await boss.work<object>(def.name, { batchSize: 1, includeMetadata: true, ...(opts.pollingIntervalSeconds ? { pollingIntervalSeconds: opts.pollingIntervalSeconds } : {}) }, async ([job]) => {
          if (!job) return;
          try {
            await def.run(job.data, { jobId: job.id, retryCount: job.retryCount, log });
          } catch (e) {
            // pg-boss records the failure and retries by the catalog's policy; the log says why.
            failed(`job ${def.name} failed`, e, { job: def.name, jobId: job.id, retryCount: job.retryCount });
            throw e;
          }
        });
      }
    }
  } catch (e) {
    await boss.stop({ graceful: false, wait: true });
    throw e;
  }
  return {
    schedules,
    async stop() {
      await boss.stop({ graceful: true, wait: true });
    },
  };
}
