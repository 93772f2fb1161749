"use client";
import "./globals.css";
import { ErrorNotice } from "@/components/error-notice";

/** The root layout itself failed: this replaces it, so it brings its own <html> and <body>. */
export default function GlobalError({ error, retry }: { error: unknown; retry: () => void }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 font-sans text-slate-900 antialiased">
        <ErrorNotice error={error} retry={retry} />
      </body>
    </html>
  );
}
