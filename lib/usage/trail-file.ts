/**
 * Read one CloudTrail log file (gzip JSON) as a stream: gunzip → text → Records elements →
 * verdicts, handed to `onRecord` one at a time (awaited, so a full batch pauses the read).
 * Memory stays at one chunk plus one record whatever the file's size.
 */
import { createGunzip } from "node:zlib";
import { StringDecoder } from "node:string_decoder";
import { pipeline, type Readable } from "node:stream";
import { parseCloudTrailRecord, WEB_IDENTITY_EVENT, type RecordVerdict } from "./record";
import { RecordsSplitter, TrailFileError } from "./records-splitter";

export { TrailFileError } from "./records-splitter";

const NEEDLE = `"${WEB_IDENTITY_EVENT}"`;

export interface FileCounts {
  /** Elements of Records read. */
  records: number;
}

/**
 * A record's verdict from its JSON text. Most records of a trail are other calls: those without
 * the event name anywhere in their text are `other` without being parsed.
 */
export function verdictOfRecordText(text: string): RecordVerdict {
  if (!text.includes(NEEDLE)) return { kind: "other" };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: "malformed", reason: "a record is not valid JSON", eventId: null };
  }
  return parseCloudTrailRecord(value);
}

function zlibProblem(error: unknown): TrailFileError | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === "Z_DATA_ERROR") return new TrailFileError("not-json", "the file is not gzip-compressed (or is corrupt)");
  if (code === "Z_BUF_ERROR") return new TrailFileError("truncated", "the gzip data ends early (truncated file)");
  return null;
}

/**
 * Stream `body` (the object's bytes) through gunzip and the Records splitter. Throws
 * TrailFileError for a file that is not gzip, not JSON or not a CloudTrail log; other errors
 * (the connection dropped) are thrown as they are.
 */
export async function readTrailFile(body: Readable | AsyncIterable<Uint8Array>, onRecord: (verdict: RecordVerdict) => Promise<void> | void): Promise<FileCounts> {
  const gunzip = createGunzip();
  // pipeline: an error of the source ends the gunzip stream (and our loop) with it, and leaving
  // the loop early destroys the source.
  pipeline(body, gunzip, () => {});
  const decoder = new StringDecoder("utf8");
  const splitter = new RecordsSplitter();
  const counts: FileCounts = { records: 0 };
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      for (const text of splitter.push(decoder.write(chunk))) {
        counts.records++;
        await onRecord(verdictOfRecordText(text));
      }
    }
    for (const text of splitter.push(decoder.end())) {
      counts.records++;
      await onRecord(verdictOfRecordText(text));
    }
    splitter.end();
  } catch (e) {
    gunzip.destroy();
    throw zlibProblem(e) ?? e;
  }
  return counts;
}
