"use client";
import { ErrorNotice } from "@/components/error-notice";

/** A page that failed while rendering (production shows no message, only Next's digest as the error id). */
export default function ErrorPage({ error, retry }: { error: unknown; retry: () => void }) {
  return <ErrorNotice error={error} retry={retry} />;
}
