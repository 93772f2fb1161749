/**
 * Usage evidence: who actually assumed which managed role, from CloudTrail, and what that says
 * about each grant. The only module of the domain that touches the database and AWS.
 *
 * Three sources, each recorded as a usage run (what it read, how far, every problem skipped):
 * - a trail's S3 bucket, read incrementally per account/Region prefix (ListObjectsV2 StartAfter
 *   the last key read), each file streamed through gunzip and the Records splitter;
 * - CloudTrail LookupEvents per account and Region, for accounts no bucket covers, paced at two
 *   requests per second per account and Region;
 * - the SQS queue EventBridge fills, drained with long polling; a message is deleted only after
 *   the events it carried are committed.
 * Every source inserts through one statement keyed by CloudTrail's eventID, so a file, page or
 * message read twice changes nothing; a cursor moves only in the transaction that stored what it
 * moves past.
 */
import "server-only";
import { getDb } from "@/lib/db/client";
import type { Db, Tx } from "@/lib/db/prisma";
import { config, parseS3Uri, type S3Location } from "@/lib/config";
import { AppError, badInput, isAppError, notFound } from "@/lib/errors";
import { appendAuditEvent } from "@/lib/audit/service";
import { sandboxAccountIds } from "@/lib/sandbox/service";
import type { TUsageSettingsInput } from "@/lib/schemas/usage";
import type { CurrentUser } from "@/lib/users/current-user";
import { accountCredentials } from "@/lib/aws/credentials";
import { s3TrailBucket, type TrailBucketPort } from "@/lib/aws/trail-bucket";
import { cloudTrailLookup, type TrailLookupPort } from "@/lib/aws/trail-lookup";
import { sqsUsageQueue, type QueueMessage, type UsageQueuePort } from "@/lib/aws/usage-queue";
import { activeMappingWhere, providerArnOf, selectorOf } from "@/lib/mappings/model";
import { otherGrantsOf } from "./grants";
import { parseCloudTrailRecord, parseEventBridgeMessage, type RecordVerdict, type UsageEvent } from "./record";
import { queueFromUrl, usageSetup, type UsageSetup } from "./setup";
import type { UsageSettings } from "./settings";
import * as store from "./store";
import { mappingPatterns, summarizeRoleUsage, windowStart, WINDOW_DAYS, type CallerUsage, type MappingUsage, type RoleUsage } from "./summary";
import { KeyedTokenBuckets, LOOKUP_RATE } from "./token-bucket";
import { deniedView, mappingUsageView, refUse, type MappingUsageView, type RoleUsagePanelView } from "./views";
import { REGISTERED_ROLE } from "@/lib/settings/registration";
import { readTrailFile, TrailFileError } from "./trail-file";
import {
  awsLogsPrefix,
  BACKFILL_DAYS,
  classifyLogsFolder,
  cloudTrailFolder,
  isSettled,
  parseLogFileKey,
  prefixLabel,
  regionOfFolder,
  settledBefore,
  startAfterKey,
  type RegionPrefix,
} from "./trail-layout";

export type UsageSourceName = store.UsageSourceName;
export type UsageTrigger = "cli" | "schedule" | "worker";

/**
 * Something a run could not read. `source`: a bucket, prefix, account/Region or the queue could
 * not be read (the run is partial, the CLI exits 1); `skipped`: a file, record or message was
 * malformed and skipped (named, never retried).
 */
export interface UsageProblem {
  kind: "source" | "skipped";
  where: string;
  message: string;
}

export interface UsageCounts {
  /** Log files read (S3), pages (LookupEvents) or messages (SQS). */
  files: number;
  pages: number;
  messages: number;
  /** Files that were not gzip, not JSON or not a CloudTrail log, skipped. */
  badFiles: number;
  /** CloudTrail records read. */
  records: number;
  /** AssumeRoleWithWebIdentity records of managed roles. */
  kept: number;
  /** Of those, new (the rest were stored already). */
  inserted: number;
  duplicates: number;
  /** AssumeRoleWithWebIdentity records of roles trustmap does not manage. */
  unmanaged: number;
  /** Records or messages of another shape, skipped. */
  malformed: number;
}

export interface UsageRunResult {
  runId: string;
  source: UsageSourceName;
  status: "succeeded" | "partial" | "failed";
  startedAt: string;
  finishedAt: string;
  readUntil: string | null;
  counts: UsageCounts;
  problems: UsageProblem[];
  /** Problems beyond those listed. */
  moreProblems: number;
}

export interface UsagePorts {
  bucket?: () => TrailBucketPort;
  lookup?: (account: { accountId: string; region: string; managementRoleArn: string | null }) => TrailLookupPort;
  queue?: (url: string) => UsageQueuePort;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  /** Events per insert statement. */
  batchSize?: number;
}

const MAX_LISTED_PROBLEMS = 200;
const DEFAULT_BATCH = 2000;
/** LookupEvents re-reads this much before its last end: CloudTrail can take minutes to show an event. */
const LOOKUP_OVERLAP_MS = 15 * 60_000;
/** The Region of STS' global endpoint, where calls through it are logged. */
const GLOBAL_STS_REGION = "us-east-1";

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
/** One pace per account and Region for the whole process, so concurrent runs share the limit. */
const lookupBuckets = new KeyedTokenBuckets(LOOKUP_RATE.capacity, LOOKUP_RATE.perSecond, () => Date.now());

function emptyCounts(): UsageCounts {
  return { files: 0, pages: 0, messages: 0, badFiles: 0, records: 0, kept: 0, inserted: 0, duplicates: 0, unmanaged: 0, malformed: 0 };
}

function messageOf(e: unknown): string {
  if (isAppError(e)) return e.userMessage;
  if (e instanceof TrailFileError) return e.message;
  return e instanceof Error ? e.message : String(e);
}

/** One run's bookkeeping: counts, problems, and the batch of events and cursors to commit. */
class RunLedger {
  readonly counts = emptyCounts();
  readonly problems: UsageProblem[] = [];
  moreProblems = 0;
  sourceFailures = 0;
  private events: UsageEvent[] = [];
  private cursors = new Map<string, store.CursorRow>();
  private inFlight: Promise<void> | null = null;
  private writeError: unknown = null;

  constructor(
    private readonly db: Db,
    private readonly source: UsageSourceName,
    private readonly roles: Map<string, { id: string; accountId: string }>,
    private readonly batchSize: number,
  ) {}

  problem(kind: UsageProblem["kind"], where: string, message: string): void {
    if (kind === "source") this.sourceFailures++;
    if (this.problems.length < MAX_LISTED_PROBLEMS) this.problems.push({ kind, where, message });
    else this.moreProblems++;
  }

  /** Count a record's verdict and queue its event when it concerns a managed role. */
  async take(verdict: RecordVerdict, where: string): Promise<void> {
    if (verdict.kind === "other") return;
    if (verdict.kind === "malformed") {
      this.counts.malformed++;
      this.problem("skipped", verdict.eventId ? `${where} (event ${verdict.eventId})` : where, verdict.reason);
      return;
    }
    if (!this.roles.has(verdict.event.roleArn)) {
      this.counts.unmanaged++;
      return;
    }
    this.counts.kept++;
    this.events.push(verdict.event);
    if (this.events.length >= this.batchSize) await this.flush(false);
  }

  /** Move a cursor once everything queued so far is committed. */
  advance(cursor: store.CursorRow): void {
    this.cursors.set(cursor.key, cursor);
  }

  /**
   * Commit the queued events with the cursors queued so far, in one transaction. With `wait`
   * false the next batch is parsed while this one is written (at most one write in flight, so
   * cursors commit in order). When a write fails, everything queued after it is dropped too
   * (its cursors included, so nothing is skipped) and the error is thrown.
   */
  async flush(wait = true): Promise<void> {
    if (this.inFlight) await this.inFlight;
    this.inFlight = null;
    if (this.writeError !== null) {
      const error = this.writeError;
      this.writeError = null;
      this.drop();
      throw error;
    }
    if (this.events.length === 0 && this.cursors.size === 0) return;
    const events = this.events;
    const cursors = [...this.cursors.values()];
    this.events = [];
    this.cursors = new Map();
    const write = this.db
      .$transaction(async (tx) => {
        const inserted = await store.insertUsageEvents(tx, events, this.source);
        await store.saveCursors(tx, cursors);
        return inserted;
      })
      .then((inserted) => {
        this.counts.inserted += inserted;
      });
    const failed = (e: unknown) => {
      this.counts.kept -= events.length;
      this.writeError = e;
    };
    if (!wait) {
      this.inFlight = write.catch(failed);
      return;
    }
    try {
      await write;
    } catch (e) {
      failed(e);
      this.writeError = null;
      this.drop();
      throw e;
    }
  }

  private drop(): void {
    this.counts.kept -= this.events.length;
    this.events = [];
    this.cursors = new Map();
  }

  async finish(runId: string, readUntil: Date | null, startedAt: Date, read: boolean): Promise<UsageRunResult> {
    try {
      await this.flush();
    } catch (e) {
      this.problem("source", "database", `storing events failed; what was not stored is read again next run: ${messageOf(e)}`);
      readUntil = null;
    }
    this.counts.duplicates = this.counts.kept - this.counts.inserted;
    const status = this.sourceFailures === 0 ? "succeeded" : read ? "partial" : "failed";
    const finishedAt = await store.finishRun(this.db, runId, { status, readUntil, counts: this.counts, problems: this.problems });
    return {
      runId,
      source: this.source,
      status,
      startedAt: startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      readUntil: readUntil?.toISOString() ?? null,
      counts: this.counts,
      problems: this.problems,
      moreProblems: this.moreProblems,
    };
  }
}

/** Where trail buckets are configured: the environment's (every account) and per-account settings. */
function trailSources(settings: UsageSettings): { location: S3Location; accountIds: Set<string> | null }[] {
  const sources: { location: S3Location; accountIds: Set<string> | null }[] = [];
  const env = config().usage.cloudtrailS3;
  if (env) sources.push({ location: env, accountIds: null });
  for (const [accountId, location] of settings.accountTrails) {
    const same = sources.find((s) => s.location.bucket === location.bucket && s.location.prefix === location.prefix && s.accountIds !== null);
    if (same?.accountIds) same.accountIds.add(accountId);
    else sources.push({ location, accountIds: new Set([accountId]) });
  }
  return sources;
}

/** The account/Region prefixes of registered accounts under a trail location. */
async function discoverPrefixes(port: TrailBucketPort, location: S3Location, wanted: (accountId: string) => boolean): Promise<RegionPrefix[]> {
  const accountFolders: { folder: string; accountId: string }[] = [];
  for (const folder of await port.listFolders(location.bucket, awsLogsPrefix(location))) {
    const kind = classifyLogsFolder(folder);
    if (kind?.kind === "account") accountFolders.push({ folder, accountId: kind.accountId });
    else if (kind?.kind === "org") {
      for (const inner of await port.listFolders(location.bucket, folder)) {
        const account = classifyLogsFolder(inner);
        if (account?.kind === "account") accountFolders.push({ folder: inner, accountId: account.accountId });
      }
    }
  }
  const prefixes: RegionPrefix[] = [];
  for (const { folder, accountId } of accountFolders.filter((a) => wanted(a.accountId))) {
    for (const regionFolder of await port.listFolders(location.bucket, cloudTrailFolder(folder))) {
      const region = regionOfFolder(regionFolder);
      if (region) prefixes.push({ bucket: location.bucket, prefix: regionFolder, accountId, region });
    }
  }
  return prefixes;
}

/**
 * Read one region prefix from its cursor on. Returns false when it stopped before the end (a
 * file could not be fetched: it is retried next run).
 */
async function readPrefix(ledger: RunLedger, port: TrailBucketPort, prefix: RegionPrefix, cursor: store.CursorRow | undefined, now: Date): Promise<boolean> {
  const label = prefixLabel(prefix);
  const cursorOf = (position: string, readUntil: Date | null): store.CursorRow => ({ key: label, source: "s3", accountId: prefix.accountId, region: prefix.region, position, readUntil });
  let last = cursor?.position ?? null;
  try {
    for await (const keys of port.listKeys(prefix.bucket, prefix.prefix, startAfterKey(prefix, last, now))) {
      for (const key of keys) {
        const file = parseLogFileKey(key);
        const where = `s3://${prefix.bucket}/${key}`;
        if (file === null) {
          ledger.problem("skipped", where, "not a CloudTrail log file name; skipped");
          ledger.advance(cursorOf(key, cursor?.readUntil ?? null));
          last = key;
          continue;
        }
        if (!isSettled(file, now)) {
          ledger.advance(cursorOf(last ?? startAfterKey(prefix, null, now), settledBefore(now)));
          return true;
        }
        let body;
        try {
          body = await port.open(prefix.bucket, key);
        } catch (e) {
          ledger.problem("source", where, messageOf(e));
          return false;
        }
        try {
          const read = await readTrailFile(body, (verdict) => ledger.take(verdict, where));
          ledger.counts.records += read.records;
          ledger.counts.files++;
        } catch (e) {
          if (!(e instanceof TrailFileError)) {
            ledger.problem("source", where, messageOf(e));
            return false;
          }
          ledger.counts.badFiles++;
          ledger.problem("skipped", where, `${e.message}; skipped`);
        }
        ledger.advance(cursorOf(key, file.deliveredAt));
        last = key;
      }
    }
  } catch (e) {
    ledger.problem("source", label, messageOf(e));
    return false;
  }
  ledger.advance(cursorOf(last ?? startAfterKey(prefix, null, now), settledBefore(now)));
  return true;
}

/** Read every configured trail bucket; returns the run and the accounts the buckets cover. */
export async function ingestTrailBuckets(trigger: UsageTrigger, ports: UsagePorts = {}): Promise<{ run: UsageRunResult | null; covered: Set<string> }> {
  const db = getDb();
  const settings = await store.readUsageSettings(db);
  const sources = trailSources(settings);
  const covered = new Set<string>();
  if (sources.length === 0) return { run: null, covered };
  const now = (ports.now ?? (() => new Date()))();
  const accounts = new Set((await store.realAccounts(db)).map((a) => a.accountId));
  const ledger = new RunLedger(db, "s3", await store.managedRolesByArn(db), ports.batchSize ?? DEFAULT_BATCH);
  const run = await store.startRun(db, "s3", trigger);
  const port = (ports.bucket ?? (() => s3TrailBucket()))();
  const cursors = await store.readCursors(db, "s3");
  let read = false;
  const untils: Date[] = [];
  try {
    for (const source of sources) {
      const wanted = (accountId: string) => accounts.has(accountId) && (source.accountIds === null || source.accountIds.has(accountId));
      let prefixes: RegionPrefix[];
      try {
        prefixes = await discoverPrefixes(port, source.location, wanted);
      } catch (e) {
        ledger.problem("source", `s3://${source.location.bucket}/${awsLogsPrefix(source.location)}`, messageOf(e));
        // A configured bucket that cannot be read still owns its accounts: LookupEvents is not a silent stand-in.
        for (const accountId of accounts) if (wanted(accountId)) covered.add(accountId);
        continue;
      }
      for (const accountId of source.accountIds ?? []) covered.add(accountId);
      for (const prefix of prefixes) {
        covered.add(prefix.accountId);
        const complete = await readPrefix(ledger, port, prefix, cursors.get(prefixLabel(prefix)), now);
        read = true;
        if (complete) untils.push(settledBefore(now));
      }
    }
  } finally {
    port.destroy();
  }
  const readUntil = ledger.sourceFailures === 0 && untils.length > 0 ? settledBefore(now) : null;
  return { run: await ledger.finish(run.id, readUntil, run.startedAt, read), covered };
}

/** The Regions LookupEvents reads for an account: its own, and the global STS endpoint's. */
function lookupRegions(account: { region: string }): string[] {
  return [...new Set([account.region, GLOBAL_STS_REGION])];
}

/** LookupEvents for every registered account the trail buckets do not cover. */
export async function ingestLookupEvents(trigger: UsageTrigger, skipAccounts: ReadonlySet<string>, ports: UsagePorts = {}): Promise<UsageRunResult | null> {
  const db = getDb();
  const settings = await store.readUsageSettings(db);
  if (!settings.lookupEvents) return null;
  const accounts = (await store.realAccounts(db)).filter((a) => !skipAccounts.has(a.accountId));
  if (accounts.length === 0) return null;
  const now = (ports.now ?? (() => new Date()))();
  const sleep = ports.sleep ?? realSleep;
  const ledger = new RunLedger(db, "lookup", await store.managedRolesByArn(db), ports.batchSize ?? DEFAULT_BATCH);
  const run = await store.startRun(db, "lookup", trigger);
  const cursors = await store.readCursors(db, "lookup");
  const factory = ports.lookup ?? ((a) => cloudTrailLookup({ region: a.region, accountId: a.accountId, credentials: accountCredentials(a.managementRoleArn, { region: config().aws.region, endpoint: config().aws.stsEndpoint }) }));
  let read = false;
  for (const account of accounts) {
    for (const region of lookupRegions(account)) {
      const key = `lookup:${account.accountId}:${region}`;
      const where = `CloudTrail LookupEvents ${account.accountId} ${region}`;
      const cursor = cursors.get(key);
      const start = cursor ? new Date(Date.parse(cursor.position) - LOOKUP_OVERLAP_MS) : new Date(now.getTime() - BACKFILL_DAYS * 86_400_000);
      const port = factory({ accountId: account.accountId, region, managementRoleArn: account.managementRoleArn });
      try {
        let token: string | null = null;
        do {
          await lookupBuckets.bucket(`${account.accountId}:${region}`).take(sleep);
          const page = await port.lookupPage({ start, end: now, nextToken: token });
          ledger.counts.pages++;
          for (const event of page.events) {
            ledger.counts.records++;
            if (event.record === null) {
              ledger.counts.malformed++;
              ledger.problem("skipped", `${where} (event ${event.eventId ?? "?"})`, "LookupEvents returned the event without its CloudTrail record");
              continue;
            }
            let value: unknown;
            try {
              value = JSON.parse(event.record);
            } catch {
              await ledger.take({ kind: "malformed", reason: "the CloudTrailEvent is not valid JSON", eventId: event.eventId }, where);
              continue;
            }
            await ledger.take(parseCloudTrailRecord(value), where);
          }
          token = page.nextToken;
        } while (token !== null);
        read = true;
        ledger.advance({ key, source: "lookup", accountId: account.accountId, region, position: now.toISOString(), readUntil: new Date(now.getTime() - LOOKUP_OVERLAP_MS) });
      } catch (e) {
        ledger.problem("source", where, messageOf(e));
      } finally {
        port.destroy();
      }
    }
  }
  const readUntil = ledger.sourceFailures === 0 ? new Date(now.getTime() - LOOKUP_OVERLAP_MS) : null;
  return ledger.finish(run.id, readUntil, run.startedAt, read);
}

function defaultQueue(url: string): UsageQueuePort {
  return sqsUsageQueue(url, { region: queueFromUrl(url)?.region ?? config().aws.region });
}

/**
 * Drain the queue: receive (long polling `waitSeconds` for the first batch), store, then delete
 * what was stored. Stops when the queue is empty or after `maxMessages`. Messages of another
 * shape are named and deleted (they can never become readable); a message whose events could not
 * be stored is left for SQS to deliver again.
 */
export async function drainUsageQueue(trigger: UsageTrigger, options: { waitSeconds?: number; maxMessages?: number; quietWhenEmpty?: boolean } = {}, ports: UsagePorts = {}): Promise<UsageRunResult | null> {
  const url = config().usage.sqsUrl;
  if (!url) return null;
  const db = getDb();
  const port = (ports.queue ?? defaultQueue)(url);
  const now = ports.now ?? (() => new Date());
  try {
    let messages: QueueMessage[];
    try {
      messages = await port.receive(options.waitSeconds ?? 1);
    } catch (e) {
      if (options.quietWhenEmpty) throw e;
      const run = await store.startRun(db, "sqs", trigger);
      const ledger = new RunLedger(db, "sqs", new Map(), 1);
      ledger.problem("source", url, messageOf(e));
      return ledger.finish(run.id, null, run.startedAt, false);
    }
    if (messages.length === 0 && options.quietWhenEmpty) {
      await store.saveCursors(db, [{ key: `sqs:${url}`, source: "sqs", accountId: null, region: null, position: now().toISOString(), readUntil: now() }]);
      return null;
    }
    const run = await store.startRun(db, "sqs", trigger);
    const ledger = new RunLedger(db, "sqs", await store.managedRolesByArn(db), Number.MAX_SAFE_INTEGER);
    const max = options.maxMessages ?? 10_000;
    let drained = false;
    while (messages.length > 0) {
      for (const m of messages) {
        ledger.counts.messages++;
        ledger.counts.records++;
        await ledger.take(parseEventBridgeMessage(m.body), `SQS message ${m.id}`);
      }
      try {
        await ledger.flush();
      } catch (e) {
        ledger.problem("source", url, `storing ${messages.length} message(s) failed, left on the queue: ${messageOf(e)}`);
        break;
      }
      try {
        const failed = await port.delete(messages);
        for (const id of failed) ledger.problem("skipped", `SQS message ${id}`, "stored, but SQS did not delete it; it will be delivered again (and not counted twice)");
      } catch (e) {
        ledger.problem("source", url, `deleting stored messages failed; they will be delivered again (and not counted twice): ${messageOf(e)}`);
        break;
      }
      if (ledger.counts.messages >= max) break;
      try {
        // A short poll (0 s) samples only some SQS servers and can answer "empty" too early.
        messages = await port.receive(1);
      } catch (e) {
        ledger.problem("source", url, messageOf(e));
        break;
      }
      if (messages.length === 0) drained = true;
    }
    const until = drained ? now() : null;
    if (until) ledger.advance({ key: `sqs:${url}`, source: "sqs", accountId: null, region: null, position: until.toISOString(), readUntil: until });
    return ledger.finish(run.id, until, run.startedAt, true);
  } finally {
    port.destroy();
  }
}

/**
 * Ingest from every configured source: the trail buckets, LookupEvents for the accounts they do
 * not cover, and (when `queue`) one drain of the SQS queue.
 */
export async function ingestUsage(trigger: UsageTrigger, options: { queue?: boolean } = {}, ports: UsagePorts = {}): Promise<UsageRunResult[]> {
  const runs: UsageRunResult[] = [];
  const { run, covered } = await ingestTrailBuckets(trigger, ports);
  if (run) runs.push(run);
  const lookup = await ingestLookupEvents(trigger, covered, ports);
  if (lookup) runs.push(lookup);
  if (options.queue) {
    const drained = await drainUsageQueue(trigger, {}, ports);
    if (drained) runs.push(drained);
  }
  return runs;
}

/**
 * The queue consumer: long-polls until stopped, each batch stored before it is deleted. Runs
 * are recorded only when messages arrived. Errors are logged and retried after `retryMs`.
 */
export function startUsageQueueConsumer(options: { log?: (line: string) => void; retryMs?: number; waitSeconds?: number } = {}, ports: UsagePorts = {}): { stop(): Promise<void> } {
  const log = options.log ?? ((line: string) => console.log(line));
  const sleep = ports.sleep ?? realSleep;
  let stopping = false;
  const loop = (async () => {
    while (!stopping) {
      try {
        const run = await drainUsageQueue("worker", { waitSeconds: options.waitSeconds ?? 20, quietWhenEmpty: true }, ports);
        if (run) log(`[trustmap] usage queue: ${run.counts.messages} message(s), ${run.counts.inserted} new event(s), ${run.problems.length} problem(s)`);
      } catch (e) {
        log(`[trustmap] usage queue: ${messageOf(e)}`);
        if (!stopping) await sleep(options.retryMs ?? 5000);
      }
    }
  })();
  return {
    async stop() {
      stopping = true;
      await loop;
    },
  };
}

// ——— Views ———

export interface RoleUsageView {
  role: { id: string; name: string; arn: string; accountId: string };
  readUntil: string | null;
  grants: { mappingId: string | null; pattern: string; lastUsedAt: string | null; uses30d: number; uses90d: number }[];
  unmanagedSubjects: { sub: string; lastUsedAt: string; uses90d: number }[];
  denied: { sub: string | null; count: number; lastAt: string; errorCode: string }[];
}

const ROLE_SELECT = {
  id: true,
  name: true,
  arn: true,
  actualTrustPolicy: true,
  awsAccount: { select: { accountId: true, oidcProviderArn: true, issuerUrl: true } },
} as const;

function mappingSelect(now: Date) {
  return {
    where: activeMappingWhere(now),
    orderBy: { createdAt: "asc" as const },
    select: { id: true, scope: true, gitlabPath: true, refType: true, refPattern: true, environment: true, audience: true, createdAt: true },
  };
}

type RoleRow = {
  id: string;
  name: string;
  arn: string;
  actualTrustPolicy: unknown;
  awsAccount: { accountId: string; oidcProviderArn: string | null; issuerUrl: string };
  mappings: { id: string; scope: "group" | "project"; gitlabPath: string; refType: "branch" | "tag" | "any"; refPattern: string; environment: string | null; audience: string; createdAt: Date }[];
};

function summarize(role: RoleRow, callers: readonly CallerUsage[], now: Date, unusedDays: number): RoleUsage {
  const mappings = role.mappings.map((m) => {
    const selector = selectorOf(m);
    return { id: m.id, selector, audience: m.audience, createdAt: m.createdAt, patterns: mappingPatterns({ selector }) };
  });
  const patterns = new Set(mappings.flatMap((m) => m.patterns));
  return summarizeRoleUsage({ callers, mappings, otherGrants: otherGrantsOf(role.actualTrustPolicy, patterns), providerArn: providerArnOf(role.awsAccount), now, unusedDays });
}

function readUntilOf(untils: Awaited<ReturnType<typeof store.readUntilByAccount>>, accountId: string): Date | null {
  const own = untils.byAccount.get(accountId) ?? null;
  const queue = untils.everyAccount;
  if (own === null) return queue;
  if (queue === null) return own;
  return own > queue ? own : queue;
}

/** `GET /api/v1/access/usage?roleId=…`: a role's grants with their use, unmanaged callers, denied calls. */
export async function roleUsage(roleId: string, now = new Date()): Promise<RoleUsageView> {
  const db = getDb();
  const role = await db.iamRole.findUnique({ where: { id: roleId, ...REGISTERED_ROLE }, select: { ...ROLE_SELECT, mappings: mappingSelect(now) } });
  if (!role) throw notFound("No such role.");
  const [daily, settings, untils] = await Promise.all([store.callersByRole(db, [role.arn], windowStart(now, WINDOW_DAYS)), store.readUsageSettings(db), store.readUntilByAccount(db)]);
  const usage = summarize(role, daily.get(role.arn) ?? [], now, settings.unusedDays);
  return {
    role: { id: role.id, name: role.name, arn: role.arn, accountId: role.awsAccount.accountId },
    readUntil: readUntilOf(untils, role.awsAccount.accountId)?.toISOString() ?? null,
    grants: usage.grants.map((g) => ({ ...g, lastUsedAt: g.lastUsedAt?.toISOString() ?? null })),
    unmanagedSubjects: usage.unmanagedSubjects.map((s) => ({ ...s, lastUsedAt: s.lastUsedAt.toISOString() })),
    denied: usage.denied.map((d) => ({ ...d, lastAt: d.lastAt.toISOString() })),
  };
}

export interface RoleUsageSummary {
  role: { id: string; name: string; arn: string; accountId: string };
  readUntil: string | null;
  usage: RoleUsage;
}

/**
 * Usage of many roles at once (all when `roleIds` is null) with three queries, whatever their
 * number: for the CLI summary and for lists that show "last used / uses / revoke?" per mapping.
 */
export async function usageByRole(roleIds: readonly string[] | null, now = new Date()): Promise<{ unusedDays: number; roles: RoleUsageSummary[] }> {
  const db = getDb();
  const roles = await db.iamRole.findMany({ where: roleIds === null ? REGISTERED_ROLE : { ...REGISTERED_ROLE, id: { in: [...roleIds] } }, select: { ...ROLE_SELECT, mappings: mappingSelect(now) }, orderBy: { arn: "asc" } });
  const [daily, settings, untils] = await Promise.all([
    store.callersByRole(db, roleIds === null ? null : roles.map((r) => r.arn), windowStart(now, WINDOW_DAYS)),
    store.readUsageSettings(db),
    store.readUntilByAccount(db),
  ]);
  return {
    unusedDays: settings.unusedDays,
    roles: roles.map((role) => ({
      role: { id: role.id, name: role.name, arn: role.arn, accountId: role.awsAccount.accountId },
      readUntil: readUntilOf(untils, role.awsAccount.accountId)?.toISOString() ?? null,
      usage: summarize(role, daily.get(role.arn) ?? [], now, settings.unusedDays),
    })),
  };
}

/** The usage of these mappings with the summary of the role each belongs to (active mappings only). */
async function usageOfMappingsWithRoles(mappingIds: readonly string[], now: Date): Promise<{ unusedDays: number; entries: { usage: MappingUsage; role: RoleUsageSummary }[] }> {
  if (mappingIds.length === 0) return { unusedDays: (await store.readUsageSettings(getDb())).unusedDays, entries: [] };
  const roleIds = await getDb().mapping.findMany({ where: { id: { in: [...mappingIds] } }, select: { roleId: true }, distinct: ["roleId"] });
  const { unusedDays, roles } = await usageByRole(roleIds.map((r) => r.roleId), now);
  const wanted = new Set(mappingIds);
  const entries: { usage: MappingUsage; role: RoleUsageSummary }[] = [];
  for (const role of roles) for (const usage of role.usage.mappings) if (wanted.has(usage.mappingId)) entries.push({ usage, role });
  return { unusedDays, entries };
}

/** Per mapping (active ones; others are absent): last used, uses in 30/90 days, which subjects, "revoke?". */
export async function usageOfMappings(mappingIds: readonly string[], now = new Date()): Promise<Map<string, MappingUsage>> {
  const { entries } = await usageOfMappingsWithRoles(mappingIds, now);
  return new Map(entries.map((e) => [e.usage.mappingId, e.usage]));
}

/**
 * The same per mapping as pages show it (the Mappings list, a mapping's page, access reviews),
 * with how far its account's evidence was read and whether it is the sandbox's sample.
 */
export async function mappingUsageViews(mappingIds: readonly string[], now = new Date()): Promise<Record<string, MappingUsageView>> {
  const [{ unusedDays, entries }, sandbox] = await Promise.all([usageOfMappingsWithRoles(mappingIds, now), sandboxAccountIds()]);
  const sandboxed = new Set(sandbox);
  return Object.fromEntries(
    entries.map(({ usage, role }) => [usage.mappingId, mappingUsageView(usage, { unusedDays, readUntil: role.readUntil, sandbox: sandboxed.has(role.role.accountId) })]),
  );
}

/**
 * A role's usage for the Access page: each active mapping's use ("revoke?" when unused), the
 * trust policy's other grants, subjects that came in through a grant trustmap does not manage,
 * and denied attempts grouped by subject. Null when there is no such role.
 */
export async function roleUsagePanel(roleId: string, now = new Date()): Promise<RoleUsagePanelView | null> {
  const db = getDb();
  const [{ unusedDays, roles }, selectors, sandbox] = await Promise.all([
    usageByRole([roleId], now),
    db.mapping.findMany({ where: { roleId, ...activeMappingWhere(now) }, select: { id: true, scope: true, gitlabPath: true, refType: true, refPattern: true, environment: true } }),
    sandboxAccountIds(),
  ]);
  const summary = roles[0];
  if (!summary) return null;
  const origin = { readUntil: summary.readUntil, sandbox: sandbox.includes(summary.role.accountId) };
  const selectorOfId = new Map(selectors.map((m) => [m.id, m]));
  return {
    roleId: summary.role.id,
    roleName: summary.role.name,
    unusedDays,
    ...origin,
    mappings: summary.usage.mappings.flatMap((u) => {
      const m = selectorOfId.get(u.mappingId);
      return m ? [{ ...mappingUsageView(u, { ...origin, unusedDays }), selector: { scope: m.scope, gitlabPath: m.gitlabPath, refType: m.refType, refPattern: m.refPattern, environment: m.environment } }] : [];
    }),
    otherGrants: summary.usage.grants.filter((g) => g.mappingId === null).map((g) => ({ pattern: g.pattern, lastUsedAt: g.lastUsedAt?.toISOString() ?? null, uses30d: g.uses30d, uses90d: g.uses90d })),
    unmanagedSubjects: summary.usage.unmanagedSubjects.map(refUse),
    denied: summary.usage.denied.map(deniedView),
  };
}

/**
 * When usage evidence was last read (the Access page): the latest run of any source; else, when
 * only the demo's sample evidence is there (seeded, no run), the sample's date; else null.
 */
export async function usageLastRead(): Promise<{ source: UsageSourceName; status: string; finishedAt: string | null; startedAt: string } | null> {
  const db = getDb();
  const [run] = await store.latestRuns(db, 1);
  if (run) return { source: run.source, status: run.status, startedAt: run.startedAt.toISOString(), finishedAt: run.finishedAt?.toISOString() ?? null };
  const sample = await store.sandboxSampleReadUntil(db);
  return sample ? { source: "sandbox", status: "sample", startedAt: sample.toISOString(), finishedAt: sample.toISOString() } : null;
}

// ——— Settings ———

/** An S3 location as the `s3://bucket[/prefix]` a person typed. */
function trailUri(l: S3Location): string {
  return `s3://${l.bucket}${l.prefix ? `/${l.prefix.slice(0, -1)}` : ""}`;
}

/** Settings → Usage evidence: the unused-days threshold and each real account's trail bucket. */
export async function usageSettingsView(): Promise<{ unusedDays: number; accounts: { accountId: string; name: string; trail: string }[] }> {
  const db = getDb();
  const [settings, accounts] = await Promise.all([store.readUsageSettings(db), store.realAccounts(db)]);
  return {
    unusedDays: settings.unusedDays,
    accounts: accounts.map((a) => {
      const trail = settings.accountTrails.get(a.accountId);
      return { accountId: a.accountId, name: a.name, trail: trail ? trailUri(trail) : "" };
    }),
  };
}

/**
 * Save the unused-days threshold and the per-account trail buckets (empty = none), with one
 * `settings.changed` audit event, in one transaction. Only real accounts take a trail bucket.
 */
export async function saveUsageSettings(actor: CurrentUser, input: TUsageSettingsInput): Promise<void> {
  const db = getDb();
  const real = new Set((await store.realAccounts(db)).map((a) => a.accountId));
  const unknown = Object.keys(input.accountTrails).filter((id) => !real.has(id));
  if (unknown.length > 0) throw badInput(`No real AWS account ${unknown.join(", ")} is registered (the sandbox has no CloudTrail).`);
  const trails: Record<string, string> = {};
  for (const [accountId, uri] of Object.entries(input.accountTrails)) {
    const location = uri === "" ? null : parseS3Uri(uri);
    if (location) trails[accountId] = trailUri(location);
  }
  await db.$transaction(async (tx) => {
    const before = await store.readUsageSettings(tx);
    await store.saveUsageSettings(tx, { unusedDays: input.unusedDays, accountTrails: trails });
    await appendAuditEvent(tx, {
      actorId: actor.id,
      actorLabel: actor.username,
      action: "settings.changed",
      resourceType: "setting",
      resourceId: "usage",
      data: {
        change: "usage.settings",
        from: { unusedDays: before.unusedDays, accountTrails: Object.fromEntries([...before.accountTrails].map(([id, l]) => [id, trailUri(l)])) },
        to: { unusedDays: input.unusedDays, accountTrails: trails },
      },
    });
  });
}

/**
 * Sample usage evidence for a sandbox account (the demo seed): stored like any source's, as source
 * `sandbox`, with a cursor saying it was read up to `readUntil`, in the caller's transaction.
 */
export async function storeSandboxUsage(tx: Tx, accountId: string, events: readonly UsageEvent[], readUntil: Date): Promise<number> {
  const inserted = await store.insertUsageEvents(tx, events, "sandbox");
  await store.saveCursors(tx, [{ key: `sandbox:${accountId}`, source: "sandbox", accountId, region: null, position: readUntil.toISOString(), readUntil }]);
  return inserted;
}

/** Minutes between scheduled ingestions (setting usage.ingestIntervalMinutes; 0 = off). */
export async function usageIngestIntervalMinutes(): Promise<number> {
  return (await store.readUsageSettings(getDb())).ingestIntervalMinutes;
}

/** When usage was last read, and the latest runs (for the Access page and the CLI). */
export async function usageReadStatus(limit = 10) {
  const db = getDb();
  const [runs, untils] = await Promise.all([store.latestRuns(db, limit), store.readUntilByAccount(db)]);
  return { runs, readUntilByAccount: Object.fromEntries(untils.byAccount), queueReadUntil: untils.everyAccount };
}

/** What to create in AWS for the streaming source (`npm run trustmap -- usage setup`). */
export async function usageSetupPlan(): Promise<UsageSetup> {
  const url = config().usage.sqsUrl;
  if (!url) throw new AppError("CONFIG", "TRUSTMAP_USAGE_SQS_URL is not set: create an SQS queue and set its URL first.");
  const queue = queueFromUrl(url);
  if (!queue) throw new AppError("CONFIG", "TRUSTMAP_USAGE_SQS_URL is not an SQS queue URL (https://sqs.<region>.amazonaws.com/<account>/<name>).");
  const accounts = await store.realAccounts(getDb());
  return usageSetup(
    queue,
    accounts.map((a) => ({ accountId: a.accountId, name: a.name, regions: lookupRegions(a) })),
  );
}
