import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { utcTime } from "@/lib/format";

describe("utcTime: the one way a timestamp is shown", () => {
  it.each([
    [new Date("2026-12-01T14:03:59.999Z"), "minute", "2026-12-01 14:03 UTC"],
    [new Date("2026-12-01T14:03:59.999Z"), "second", "2026-12-01 14:03:59 UTC"],
    ["2026-01-02T03:04:05.000Z", "minute", "2026-01-02 03:04 UTC"],
  ] as const)("%s at %s precision → %s", (value, precision, shown) => {
    expect(utcTime(value, precision)).toBe(shown);
  });

  it("does not depend on the machine's time zone", () => {
    const before = process.env.TZ;
    try {
      process.env.TZ = "Pacific/Kiritimati";
      expect(utcTime(new Date(Date.UTC(2026, 11, 31, 23, 30)))).toBe("2026-12-31 23:30 UTC");
    } finally {
      process.env.TZ = before;
    }
  });
});

const ROOT = path.resolve(import.meta.dirname, "../..");
function tsx(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? tsx(p) : name.endsWith(".tsx") ? [p] : [];
  });
}

// Hand-cut or locale-dependent date text on a page or component is a second date format.
const OTHER_FORMATS: [string, RegExp][] = [
  ["toUTCString", /\.toUTCString\(/],
  ["toLocaleDateString / toLocaleTimeString", /\.toLocale(Date|Time)String\(/],
  ["a hand-cut ISO string", /\.replace\("T", " "\)|toISOString\(\)\.slice\(|(At|\bat)\??\.slice\(0, 1[069]\)/],
];

describe("pages and components show times only through utcTime", () => {
  const sources = [...tsx(path.join(ROOT, "app")), ...tsx(path.join(ROOT, "components"))];
  it("finds the pages and components", () => expect(sources.length).toBeGreaterThan(20));
  for (const [what, pattern] of OTHER_FORMATS) {
    it(`no ${what}`, () => {
      const offenders = sources.filter((f) => pattern.test(readFileSync(f, "utf8"))).map((f) => path.relative(ROOT, f));
      expect(offenders).toEqual([]);
    });
  }
});
