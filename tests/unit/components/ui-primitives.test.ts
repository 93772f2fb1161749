import { createElement as h } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { CodeBlock } from "@/components/ui/code-block";
import { Field, Input } from "@/components/ui/field";
import { Button } from "@/components/ui/button";
import { pageHref } from "@/components/ui/pager";

// The primitives' markup as rendered on the server (the first paint a user and axe see).

describe("CodeBlock", () => {
  it("wraps long lines and is a named, keyboard-scrollable region with a copy button", () => {
    const html = renderToStaticMarkup(h(CodeBlock, { label: "Trust policy JSON", code: '{"Version":"2012-10-17"}', testId: "policy" }));
    const pre = /<pre[^>]*>/.exec(html)?.[0] ?? "";
    expect(pre).toContain('tabindex="0"');
    expect(pre).toContain('role="region"');
    expect(pre).toContain('aria-label="Trust policy JSON"');
    expect(pre).toContain("whitespace-pre-wrap");
    expect(pre).toContain('data-testid="policy"');
    expect(html).toMatch(/<button[^>]*>Copy<span class="sr-only"> Trust policy JSON<\/span><\/button>/);
    expect(html).toContain('aria-live="polite"');
  });
});

describe("Field", () => {
  it("ties the label, the control and the error message together", () => {
    const html = renderToStaticMarkup(h(Field, { id: "acct-name", label: "Name", errors: ["Give a name"], children: (w) => h(Input, { name: "name", ...w }) }));
    expect(html).toContain('<label class="mb-1 block text-sm font-medium" for="acct-name">Name</label>');
    expect(html).toMatch(/<input[^>]*id="acct-name"[^>]*>/);
    expect(html).toMatch(/<input[^>]*aria-invalid="true"[^>]*aria-describedby="acct-name-error"/);
    expect(html).toContain('<span id="acct-name-error" role="alert" class="mt-1 block text-sm text-red-700">Give a name</span>');
  });

  it("marks nothing invalid and keeps an empty error target when there is no error", () => {
    const html = renderToStaticMarkup(h(Field, { id: "acct-name", label: "Name", children: (w) => h(Input, { name: "name", ...w }) }));
    expect(html).not.toContain('aria-invalid="');
    expect(html).toContain('<span id="acct-name-error"></span>');
  });
});

describe("Button", () => {
  it("does not submit a form unless asked to", () => {
    expect(renderToStaticMarkup(h(Button, null, "Plan"))).toMatch(/^<button type="button"/);
    expect(renderToStaticMarkup(h(Button, { type: "submit" }, "File request"))).toMatch(/^<button type="submit"/);
  });
});

describe("pageHref", () => {
  it("keeps the other search params and drops page=1", () => {
    expect(pageHref("/mappings", { status: "approved", path: undefined, page: "3" }, 1)).toBe("/mappings?status=approved");
    expect(pageHref("/mappings", { status: "approved", page: "1" }, 2)).toBe("/mappings?status=approved&page=2");
    expect(pageHref("/mappings", {}, 1)).toBe("/mappings");
  });
});
