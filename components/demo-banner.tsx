/**
 * Shown on every page while demo sign-in is on: anyone can act as any persona. A standing notice,
 * not an alert: it is the same on every page, so screen readers should not interrupt with it.
 */
export function DemoBanner() {
  return (
    <section aria-label="Demo mode" className="bg-amber-300 px-4 py-2 text-center text-sm font-medium text-amber-950">
      Demo mode: anyone can sign in as any persona and the data is seeded sample data. Do not connect real AWS accounts.
    </section>
  );
}
