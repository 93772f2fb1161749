"use client";
import Link from "next/link";

/** What an error page says: nothing about the error itself (the server logged it), and the id that finds its log line. */
export function ErrorNotice({ error, retry }: { error: unknown; retry?: () => void }) {
  const digest = typeof error === "object" && error !== null && "digest" in error && typeof error.digest === "string" ? error.digest : null;
  return (
    <main id="main" tabIndex={-1} className="mx-auto max-w-xl p-6 sm:p-10">
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
        {retry ? (
          <button type="button" onClick={() => retry()} className="rounded bg-blue-700 px-4 py-2 font-medium text-white hover:bg-blue-800">
            Try again
          </button>
        ) : null}
        <Link href="/" className="inline-block py-2 text-blue-800 underline">Back to the dashboard</Link>
      </div>
    </main>
  );
}
