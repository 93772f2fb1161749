import Link from "next/link";

export default function Forbidden() {
  return (
    <main id="main" tabIndex={-1} className="mx-auto max-w-xl p-6 sm:p-10">
      <h1 className="text-2xl font-semibold">403 — not allowed</h1>
      <p className="mt-3 text-slate-700">Your role does not allow this page. The attempt was recorded in the audit log.</p>
      <Link href="/" className="mt-6 inline-block text-blue-800 underline">Back to the dashboard</Link>
    </main>
  );
}
