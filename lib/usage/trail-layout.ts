/**
 * Where a trail puts its log files in S3, and how far to read: pure key arithmetic.
 *
 * Layout: `<prefix>AWSLogs/[<org-id>/]<account-id>/CloudTrail/<region>/YYYY/MM/DD/` holding
 * `<account>_CloudTrail_<region>_<YYYYMMDDTHHmmZ>_<unique>.json.gz`, where the date folders and the
 * timestamp are when the file was *delivered*, and a file holds records written at any point
 * before then. https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-find-log-files.html
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-examples.html#cloudtrail-log-filename-format
 *
 * Keys of one region prefix sort by delivery time, so "read everything after the last key read"
 * (ListObjectsV2 StartAfter) is an incremental read — except for files delivered in the very
 * minute being listed, whose random suffix may sort before one already read. Files are therefore
 * read only once they are SETTLE_MINUTES old; younger ones wait for the next run.
 */
import type { S3Location } from "@/lib/config";

/** Files younger than this are left for the next run (see above). */
export const SETTLE_MINUTES = 10;
/** How far back a prefix read for the first time is read: the longest window usage reports. */
export const BACKFILL_DAYS = 90;

const ORG_ID = /^o-[a-z0-9]{10,32}$/;
const ACCOUNT_ID = /^\d{12}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const LOG_FILE = /^(\d{12})_CloudTrail_([a-z0-9-]+)_(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})Z_[A-Za-z0-9]+\.json\.gz$/;

/** One account's log files in one region. */
export interface RegionPrefix {
  bucket: string;
  /** `<...>/CloudTrail/<region>/` */
  prefix: string;
  accountId: string;
  region: string;
}

export function awsLogsPrefix(location: S3Location): string {
  return `${location.prefix}AWSLogs/`;
}

/** The last path segment of a common prefix (`a/b/c/` → `c`). */
function lastSegment(commonPrefix: string): string {
  const trimmed = commonPrefix.endsWith("/") ? commonPrefix.slice(0, -1) : commonPrefix;
  return trimmed.slice(trimmed.lastIndexOf("/") + 1);
}

/** A child of `AWSLogs/`: an organization folder, an account folder, or something else (ignored). */
export function classifyLogsFolder(commonPrefix: string): { kind: "org"; id: string } | { kind: "account"; accountId: string } | null {
  const name = lastSegment(commonPrefix);
  if (ORG_ID.test(name)) return { kind: "org", id: name };
  if (ACCOUNT_ID.test(name)) return { kind: "account", accountId: name };
  return null;
}

/** The region of a `<account>/CloudTrail/<region>/` common prefix, or null. */
export function regionOfFolder(commonPrefix: string): string | null {
  const name = lastSegment(commonPrefix);
  return REGION.test(name) ? name : null;
}

export function cloudTrailFolder(accountFolder: string): string {
  return `${accountFolder}CloudTrail/`;
}

export interface LogFileName {
  accountId: string;
  region: string;
  deliveredAt: Date;
}

/** Parse a log file's key (its last segment); null when it is not a CloudTrail log file name. */
export function parseLogFileKey(key: string): LogFileName | null {
  const match = LOG_FILE.exec(key.slice(key.lastIndexOf("/") + 1));
  if (!match) return null;
  const [, accountId = "", region = "", y, mo, d, h, mi] = match;
  const deliveredAt = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi)));
  return Number.isNaN(deliveredAt.getTime()) ? null : { accountId, region, deliveredAt };
}

function datePath(at: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${at.getUTCFullYear()}/${pad(at.getUTCMonth() + 1)}/${pad(at.getUTCDate())}`;
}

/**
 * Where to start listing a region prefix: after the last key read, or, the first time, after
 * the date folder BACKFILL_DAYS ago (every key of that day sorts after `…/YYYY/MM/DD`).
 */
export function startAfterKey(region: RegionPrefix, lastKey: string | null, now: Date): string {
  if (lastKey !== null && lastKey.startsWith(region.prefix)) return lastKey;
  return `${region.prefix}${datePath(new Date(now.getTime() - BACKFILL_DAYS * 86_400_000))}`;
}

/** Files delivered at or after this time are not read yet. */
export function settledBefore(now: Date): Date {
  return new Date(now.getTime() - SETTLE_MINUTES * 60_000);
}

/** A stable name of a region prefix, for cursors and problems. */
export function prefixLabel(region: RegionPrefix): string {
  return `s3://${region.bucket}/${region.prefix}`;
}

/** A file may be read once the whole minute it was delivered in is SETTLE_MINUTES past. */
export function isSettled(file: LogFileName, now: Date): boolean {
  return file.deliveredAt.getTime() + 60_000 <= settledBefore(now).getTime();
}
