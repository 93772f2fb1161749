/**
 * Streaming reader of a CloudTrail log file, `{"Records":[{...},{...}]}`: text goes in chunk by
 * chunk, the text of each complete element of `Records` comes out, ready for JSON.parse. Memory
 * stays at one record plus one chunk, however large the file.
 *
 * Why our own: no streaming JSON parser is among the dependencies, and this one needs to find
 * only the boundaries of the array's elements (brackets outside strings), which is a small,
 * linear scan; the elements themselves are parsed by the native JSON.parse. Jumps between
 * structural characters with indexOf and one fixed regex rather than a loop over every character.
 * Structure it does not look into (brackets inside an element) is checked by JSON.parse.
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-examples.html
 */

export type TrailFileProblem = "not-json" | "not-cloudtrail" | "truncated";

export class TrailFileError extends Error {
  override name = "TrailFileError";
  constructor(
    readonly problem: TrailFileProblem,
    message: string,
  ) {
    super(message);
  }
}

type Phase = "start" | "key-or-end" | "key" | "colon" | "value" | "records" | "scan" | "after-value" | "done";

const STRUCTURAL = /[{}[\]"]/g;
const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d, 0xfeff]);

export class RecordsSplitter {
  private buf = "";
  private i = 0;
  private phase: Phase = "start";
  /** Start of the key, element or skipped value being read; -1 when none. */
  private start = -1;
  private depth = 0;
  private inString = false;
  /** The value being scanned is an element of Records (emitted) rather than skipped. */
  private capture = false;
  private key = "";
  private sawRecords = false;
  /** Characters consumed so far (for error positions). */
  private consumed = 0;

  /** Feed the next piece of text; returns the elements of Records completed by it. */
  push(text: string): string[] {
    this.buf += text;
    const out: string[] = [];
    this.run(out);
    // Keep only what an unfinished key or value still needs.
    const keep = this.start === -1 ? this.i : this.start;
    if (keep > 0) {
      this.consumed += keep;
      this.buf = this.buf.slice(keep);
      this.i -= keep;
      if (this.start !== -1) this.start -= keep;
    }
    return out;
  }

  /** The file ended: throws when it was not one complete CloudTrail log object. */
  end(): void {
    if (this.phase === "start") throw new TrailFileError("not-json", "the file is empty");
    if (this.phase !== "done") throw new TrailFileError("truncated", "the file ends before its JSON object is complete");
    if (!this.sawRecords) throw new TrailFileError("not-cloudtrail", "the file is a JSON object without a Records array (not a CloudTrail log file)");
  }

  private fail(problem: TrailFileProblem, what: string): never {
    throw new TrailFileError(problem, `${what} at character ${this.consumed + this.i}`);
  }

  /** Skip whitespace; the next character code, or -1 when more text is needed. */
  private peek(): number {
    while (this.i < this.buf.length) {
      const c = this.buf.charCodeAt(this.i);
      if (!WHITESPACE.has(c)) return c;
      this.i++;
    }
    return -1;
  }

  /** Index of the quote closing a string whose text starts before `from`; -1 when not yet in buf. */
  private closingQuote(from: number): number {
    let q = this.buf.indexOf('"', from);
    while (q !== -1) {
      let backslashes = 0;
      for (let j = q - 1; j >= 0 && this.buf.charCodeAt(j) === 0x5c; j--) backslashes++;
      if (backslashes % 2 === 0) return q;
      q = this.buf.indexOf('"', q + 1);
    }
    return -1;
  }

  private run(out: string[]): void {
    for (;;) {
      switch (this.phase) {
        case "start": {
          const c = this.peek();
          if (c === -1) return;
          if (c !== 0x7b) this.fail("not-json", "the file does not start with a JSON object");
          this.i++;
          this.phase = "key-or-end";
          break;
        }
        case "key-or-end": {
          const c = this.peek();
          if (c === -1) return;
          if (c === 0x7d) {
            this.i++;
            this.phase = "done";
          } else if (c === 0x22) {
            this.start = this.i;
            this.i++;
            this.phase = "key";
          } else this.fail("not-json", "expected a key");
          break;
        }
        case "key": {
          const q = this.closingQuote(this.i);
          if (q === -1) {
            this.i = this.buf.length;
            return;
          }
          try {
            this.key = JSON.parse(this.buf.slice(this.start, q + 1)) as string;
          } catch {
            this.fail("not-json", "a key is not a valid JSON string");
          }
          this.start = -1;
          this.i = q + 1;
          this.phase = "colon";
          break;
        }
        case "colon": {
          const c = this.peek();
          if (c === -1) return;
          if (c !== 0x3a) this.fail("not-json", "expected ':'");
          this.i++;
          this.phase = "value";
          break;
        }
        case "value": {
          const c = this.peek();
          if (c === -1) return;
          if (this.key === "Records") {
            if (c !== 0x5b) this.fail("not-cloudtrail", "Records is not an array");
            this.sawRecords = true;
            this.i++;
            this.phase = "records";
          } else this.beginScan(false);
          break;
        }
        case "records": {
          const c = this.peek();
          if (c === -1) return;
          if (c === 0x5d) {
            this.i++;
            this.phase = "after-value";
          } else if (c === 0x2c) this.i++;
          else this.beginScan(true);
          break;
        }
        case "scan": {
          const end = this.scanValue();
          if (end === -1) return;
          const text = this.buf.slice(this.start, end);
          this.start = -1;
          this.i = end;
          if (this.capture) {
            out.push(text);
            this.phase = "records";
          } else this.phase = "after-value";
          break;
        }
        case "after-value": {
          const c = this.peek();
          if (c === -1) return;
          if (c === 0x2c) {
            this.i++;
            this.phase = "key-or-end";
          } else if (c === 0x7d) {
            this.i++;
            this.phase = "done";
          } else this.fail("not-json", "expected ',' or '}'");
          break;
        }
        case "done": {
          const c = this.peek();
          if (c === -1) return;
          this.fail("not-json", "unexpected text after the JSON object");
        }
      }
    }
  }

  private beginScan(capture: boolean): void {
    this.capture = capture;
    this.start = this.i;
    this.depth = 0;
    this.inString = false;
    this.phase = "scan";
  }

  /** Scan the value starting at `start`; its end (exclusive), or -1 when more text is needed. */
  private scanValue(): number {
    const first = this.buf.charCodeAt(this.start);
    if (first !== 0x7b && first !== 0x5b && first !== 0x22) {
      // A number, true, false or null: ends at the next delimiter.
      let j = Math.max(this.i, this.start);
      while (j < this.buf.length) {
        const c = this.buf.charCodeAt(j);
        if (c === 0x2c || c === 0x5d || c === 0x7d || WHITESPACE.has(c)) return j;
        j++;
      }
      this.i = j;
      return -1;
    }
    if (this.i === this.start) {
      // Step over the opening character.
      this.i++;
      if (first === 0x22) this.inString = true;
      else this.depth = 1;
    }
    for (;;) {
      if (this.inString) {
        const q = this.closingQuote(this.i);
        if (q === -1) {
          this.i = this.buf.length;
          return -1;
        }
        this.inString = false;
        this.i = q + 1;
        if (this.depth === 0) return this.i;
      }
      STRUCTURAL.lastIndex = this.i;
      const match = STRUCTURAL.exec(this.buf);
      if (match === null) {
        this.i = this.buf.length;
        return -1;
      }
      this.i = match.index + 1;
      const ch = match[0];
      if (ch === '"') this.inString = true;
      else if (ch === "{" || ch === "[") this.depth++;
      else if (--this.depth === 0) return this.i;
    }
  }
}
