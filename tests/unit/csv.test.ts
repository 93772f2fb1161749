import { describe, expect, it } from "vitest";
import { csvCell, csvRow, toCsv } from "@/lib/csv";

describe("CSV (RFC 4180)", () => {
  it("leaves plain cells alone and quotes cells with commas, quotes, CR or LF", () => {
    expect(csvCell("acme/web")).toBe("acme/web");
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("line1\nline2")).toBe('"line1\nline2"');
    expect(csvCell("cr\rhere")).toBe('"cr\rhere"');
  });

  it("writes empty cells for null and undefined, ISO dates, numbers and booleans as text", () => {
    expect(csvRow([null, undefined, 3, true, new Date("2026-01-02T03:04:05Z")])).toBe(",,3,true,2026-01-02T03:04:05.000Z\r\n");
  });

  it.each(["=HYPERLINK(\"x\")", "+1", "-2+3", "@SUM(A1)", "\tx"])("neutralises a formula-looking cell: %s", (value) => {
    const cell = csvCell(value);
    expect(cell.replace(/^"/, "").startsWith("'")).toBe(true);
  });

  it("does not touch negative numbers passed as numbers", () => {
    expect(csvCell(-5)).toBe("-5");
  });

  it("builds a document with CRLF line ends and a header", () => {
    expect(toCsv(["a", "b"], [["1", "x,y"], ["2", null]])).toBe('a,b\r\n1,"x,y"\r\n2,\r\n');
  });
});
