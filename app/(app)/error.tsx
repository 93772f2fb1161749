"use client";
import { ErrorNotice } from "@/components/error-notice";

/** Inside the signed-in layout, so the navigation (and the layout's <main>) stays when a page fails. */
export default function AppErrorPage({ error, retry }: { error: unknown; retry: () => void }) {
  return <ErrorNotice error={error} retry={retry} landmark={false} />;
}
