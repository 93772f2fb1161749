"use client";
import { Button } from "@/components/ui/button";
import { TextLink } from "@/components/ui/text-link";

/**
 * What an error page says: nothing about the error itself (the server logged it), and the id that
 * finds its log line. `landmark`: render the page's <main> (false inside the signed-in layout,
 * whose <main> stays around it).
 */
export function ErrorNotice({ error, retry, landmark = true }: { error: unknown; retry?: () => void; landmark?: boolean }) {
  const digest = typeof error === "object" && error !== null && "digest" in error && typeof error.digest === "string" ? error.digest : null;
  const body = (
    <>
      <h1 className="text-2xl font-semibold">Something went wrong</h1>
      <p className="mt-3 text-slate-700">
        The error was logged on the server.
        {digest ? (
          <>
            {" "}If you report it, quote the error id <code data-testid="error-id" className="rounded bg-slate-100 px-1">{digest}</code>: the server&apos;s log line with that id also names the request.
          </>
        ) : null}
      </p>
      <div className="mt-6 flex gap-4">
        {retry ? <Button onClick={() => retry()}>Try again</Button> : null}
        <TextLink href="/" className="py-2">Back to the dashboard</TextLink>
      </div>
    </>
  );
  return landmark ? (
    <main id="main" tabIndex={-1} className="mx-auto max-w-xl p-6 sm:p-10">
      {body}
    </main>
  ) : (
    <div className="max-w-xl">{body}</div>
  );
}
