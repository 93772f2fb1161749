import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import type { RecordVerdict } from "@/lib/usage/record";
import { readTrailFile, TrailFileError } from "@/lib/usage/trail-file";
import { allowedCall, deniedCall, logFileGzip, otherCall } from "../../support/cloudtrail-records";

async function read(bytes: Buffer, chunk = 7): Promise<{ verdicts: RecordVerdict[]; records: number }> {
  const verdicts: RecordVerdict[] = [];
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunk) chunks.push(bytes.subarray(i, i + chunk));
  const { records } = await readTrailFile(Readable.from(chunks), (v) => {
    verdicts.push(v);
  });
  return { verdicts, records };
}

async function problem(bytes: Buffer): Promise<string> {
  try {
    await read(bytes);
    return "none";
  } catch (e) {
    return e instanceof TrailFileError ? e.problem : `other: ${String(e)}`;
  }
}

describe("a gzip log file is read as a stream", () => {
  it("yields a verdict per record, whatever the chunking of the compressed bytes", async () => {
    const file = logFileGzip([allowedCall({ eventId: "a", time: "2025-01-01T00:00:00Z" }), otherCall("b", "2025-01-01T00:00:01Z"), deniedCall({ eventId: "c", time: "2025-01-01T00:00:02Z" })]);
    for (const chunk of [1, 7, 64, 100_000]) {
      const { verdicts, records } = await read(file, chunk);
      expect(records).toBe(3);
      expect(verdicts.map((v) => (v.kind === "event" ? `${v.event.eventId}:${v.event.errorCode ?? "ok"}` : v.kind))).toEqual(["a:ok", "other", "c:AccessDenied"]);
    }
  });

  it("a file that is not gzip, gzip that is not JSON, a truncated file and another JSON shape are TrailFileErrors", async () => {
    expect(await problem(Buffer.from('{"Records":[]}'))).toBe("not-json");
    expect(await problem(gzipSync("<html>Access Denied</html>"))).toBe("not-json");
    expect(await problem(gzipSync('{"Records":[{"eventID":"1"}'))).toBe("truncated");
    expect(await problem(logFileGzip([]).subarray(0, 12))).toBe("truncated");
    expect(await problem(gzipSync('{"digestStartTime":"x"}'))).toBe("not-cloudtrail");
  });

  it("a record of another shape inside a good file is a malformed verdict, the rest still read", async () => {
    const file = gzipSync(`{"Records":[{"eventName":"AssumeRoleWithWebIdentity","eventSource":"sts.amazonaws.com"},${JSON.stringify(allowedCall({ eventId: "ok", time: "2025-01-01T00:00:00Z" }))}]}`);
    const { verdicts } = await read(file);
    expect(verdicts.map((v) => v.kind)).toEqual(["malformed", "event"]);
  });
});
