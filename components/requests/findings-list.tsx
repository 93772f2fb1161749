const TONE: Record<string, string> = {
  critical: "bg-red-200 text-red-900",
  high: "bg-red-100 text-red-800",
  medium: "bg-amber-100 text-amber-800",
  low: "bg-slate-100 text-slate-700",
  info: "bg-slate-50 text-slate-600",
};

/** Policy-engine findings with their severity and fix. */
export function FindingsList({ findings }: { findings: { code: string; severity: string; message: string; fix: string }[] }) {
  return (
    <ul className="mt-1 space-y-1">
      {findings.map((f, i) => (
        <li key={`${f.code}-${i}`} className="text-xs">
          <span className={`mr-2 rounded px-1.5 py-0.5 font-medium uppercase ${TONE[f.severity] ?? TONE.info}`}>{f.severity}</span>
          {f.message} <span className="text-slate-500">Fix: {f.fix}</span>
        </li>
      ))}
    </ul>
  );
}
