import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../../..");

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? files(p) : /\.tsx?$/.test(name) ? [p] : [];
  });
}

// Sign-out is a plain <form action>: it works without JavaScript and has no state to show.
const FORM_ACTION_ONLY = new Set(["components/app-nav.tsx"]);

const sources = [...files(path.join(ROOT, "components")), ...files(path.join(ROOT, "app"))].map((p) => ({ rel: path.relative(ROOT, p), src: readFileSync(p, "utf8") }));
const callers = sources.filter((f) => f.rel.startsWith("components/") && /from "@\/lib\/actions\/(?!define-action")/.test(f.src) && !FORM_ACTION_ONLY.has(f.rel));

describe("components call server actions through useActionForm", () => {
  it("finds the components that call server actions", () => {
    expect(callers.length).toBeGreaterThanOrEqual(14);
  });

  for (const f of callers) {
    it(`${f.rel} uses useActionForm, not its own transition`, () => {
      expect(f.src).toMatch(/useActionForm\(/);
      expect(f.src).not.toMatch(/useTransition/);
    });
  }
});

describe("the shared look lives in components/ui", () => {
  // A primary button, a form control and a data table's wrapper, as they were copied per page.
  const COPIES = [/rounded bg-blue-700 px-/, /className="mt-1 (w-full )?rounded border border-slate-300 px-2 py-1/, /<table className="w-full border-collapse bg-white/];
  for (const f of sources.filter((s) => !s.rel.startsWith("components/ui/"))) {
    it(`${f.rel} uses the primitives instead of copying their classes`, () => {
      for (const copy of COPIES) expect(f.src).not.toMatch(copy);
    });
  }
});
