/** Shown on every page while demo sign-in is on: anyone can act as any persona. */
export function DemoBanner() {
  return (
    <div role="alert" className="bg-amber-300 px-4 py-2 text-center text-sm font-medium text-amber-950">
      Demo mode: anyone can sign in as any persona and the data is seeded sample data. Do not connect real AWS accounts.
    </div>
  );
}
