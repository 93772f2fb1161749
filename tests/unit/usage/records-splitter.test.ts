import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RecordsSplitter, TrailFileError } from "@/lib/usage/records-splitter";
import { allowedCall, logFileText, otherCall } from "../../support/cloudtrail-records";

function split(text: string, chunks: number[] = [text.length]): string[] {
  const s = new RecordsSplitter();
  const out: string[] = [];
  let at = 0;
  for (const size of chunks) {
    out.push(...s.push(text.slice(at, at + size)));
    at += size;
  }
  out.push(...s.push(text.slice(at)));
  s.end();
  return out;
}

function problemOf(text: string): string {
  try {
    split(text);
  } catch (e) {
    if (e instanceof TrailFileError) return e.problem;
    throw e;
  }
  return "none";
}

const RECORDS = [
  allowedCall({ eventId: "a", time: "2024-07-09T15:41:37Z" }),
  otherCall("b", "2024-07-09T15:41:38Z"),
  // Strings holding every structural character and escaped quotes must not confuse the scan.
  { eventName: "x", tricky: 'a "quoted" {brace} [bracket] \\ back\\slash \\" end', nested: { list: [[], {}, [{ "}": "]" }]] } },
];

describe("a CloudTrail log file is split into its records as it streams", () => {
  it("yields each element of Records as JSON text that parses back to the record", () => {
    const parts = split(logFileText(RECORDS));
    expect(parts.map((p) => JSON.parse(p) as unknown)).toEqual(RECORDS);
  });

  it("gives the same records however the text is cut into chunks (property)", () => {
    const text = `  ${JSON.stringify({ Version: "x", Records: RECORDS, After: { a: [1, "}"] } }, null, 1)}\n`;
    const whole = split(text);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 200 }), (sizes) => {
        expect(split(text, sizes)).toEqual(whole);
      }),
      { numRuns: 300 },
    );
    expect(whole).toHaveLength(3);
  });

  it("skips other top-level keys, before and after Records, of any kind", () => {
    const text = `{"a":1,"b":"x}","c":[{"Records":[1]}],"d":null,"Records":[{"eventID":"1"},{"eventID":"2"}],"e":true}`;
    expect(split(text)).toEqual(['{"eventID":"1"}', '{"eventID":"2"}']);
  });

  it("an empty Records array yields nothing and is a valid file", () => {
    expect(split('{"Records":[]}')).toEqual([]);
  });

  it("keeps memory to one record: consumed text is dropped between records", () => {
    const s = new RecordsSplitter();
    s.push('{"Records":[');
    for (let i = 0; i < 1000; i++) s.push(`${i ? "," : ""}{"eventID":"${i}","pad":"${"x".repeat(1000)}"}`);
    // The splitter's buffer holds at most the unfinished part, never the 1 MB read so far.
    expect((s as unknown as { buf: string }).buf.length).toBeLessThan(1100);
    s.push("]}");
    s.end();
  });

  it.each([
    ["text that is not JSON", "hello world", "not-json"],
    ["an empty file", "", "not-json"],
    ["a JSON array", "[1,2]", "not-json"],
    ["an object without Records (another shape)", '{"Digest":"x","logFiles":[]}', "not-cloudtrail"],
    ["Records that is not an array", '{"Records":{"a":1}}', "not-cloudtrail"],
    ["a file cut off inside a record", '{"Records":[{"eventID":"1"},{"eventID":"2', "truncated"],
    ["a file cut off after a record", '{"Records":[{"eventID":"1"}', "truncated"],
    ["text after the object", '{"Records":[]} trailing', "not-json"],
  ])("%s is a TrailFileError (%s)", (_name, text, problem) => {
    expect(problemOf(text)).toBe(problem);
  });
});
