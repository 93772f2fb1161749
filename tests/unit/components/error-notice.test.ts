import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ErrorNotice } from "@/components/error-notice";

const render = (error: unknown, landmark?: boolean) => renderToStaticMarkup(createElement(ErrorNotice, { error, ...(landmark === undefined ? {} : { landmark }) }));

describe("the error page", () => {
  it("shows the error id (Next's digest, which the server's log line pairs with the request id) and never the error's message", () => {
    const error = Object.assign(new Error("connect ECONNREFUSED postgresql://app:secret@db"), { digest: "2718281828" });
    const html = render(error);
    expect(html).toContain('<code data-testid="error-id" class="rounded bg-slate-100 px-1">2718281828</code>');
    expect(html).not.toContain("ECONNREFUSED");
    expect(html).not.toContain("secret");
  });

  it("has one <main> on its own and none inside the signed-in layout (which keeps its own)", () => {
    expect(render(new Error("x")).match(/<main/g)).toHaveLength(1);
    expect(render(new Error("x"), false)).not.toContain("<main");
  });
});
