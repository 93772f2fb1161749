import { Badge, type Tone } from "@/components/ui/badge";

const TONE: Record<string, Tone> = { critical: "strong-red", high: "red", medium: "amber", low: "muted", info: "muted" };

/** Policy-engine findings with their severity and fix. */
export function FindingsList({ findings }: { findings: { code: string; severity: string; message: string; fix: string }[] }) {
  return (
    <ul className="mt-1 space-y-1">
      {findings.map((f, i) => (
        <li key={`${f.code}-${i}`} className="text-xs">
          <Badge tone={TONE[f.severity] ?? "muted"} caps className="mr-2">{f.severity}</Badge>
          {f.message} <span className="text-slate-700">Fix: {f.fix}</span>
        </li>
      ))}
    </ul>
  );
}
