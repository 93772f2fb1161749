import Link from "next/link";

export default function NotFound() {
  return (
    <main id="main" tabIndex={-1} className="mx-auto max-w-xl p-6 sm:p-10">
      <h1 className="text-2xl font-semibold">Not found</h1>
      <p className="mt-3 text-slate-700">There is nothing at this address.</p>
      <Link href="/" className="mt-6 inline-block text-blue-800 underline">Back to the dashboard</Link>
    </main>
  );
}
