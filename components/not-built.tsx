/** A page whose capability is not built yet says so plainly instead of showing sample data. */
export function NotBuilt({ title, issue, children }: { title: string; issue: string; children?: React.ReactNode }) {
  return (
    <section>
      <h1 className="text-2xl font-semibold">{title}</h1>
      <div className="mt-4 rounded border border-dashed border-slate-400 bg-white p-6 text-slate-700">
        <p className="font-medium">Not built yet.</p>
        <p className="mt-1 text-sm">This page arrives with {issue}. Nothing shown here would be real until then.</p>
        {children}
      </div>
    </section>
  );
}
