import Link from "next/link";
import type { AccessGrantRow } from "@/lib/access/grant-rows";
import type { WhoCanAssumeView } from "@/lib/access/who-can-assume";

const DIFF: Record<string, { label: string; tone: string }> = {
  "in-both": { label: "in IAM and desired", tone: "" },
  "actual-only": { label: "in IAM, not desired (next apply removes it)", tone: "bg-red-50" },
  "desired-only": { label: "desired, not in IAM yet (next apply adds it)", tone: "bg-amber-50" },
  foreign: { label: "not managed by trustmap", tone: "bg-slate-50" },
};

function Difference({ row, actualRead }: { row: AccessGrantRow; actualRead: boolean }) {
  if (!actualRead) return <span className="text-xs text-slate-600">desired only (IAM not read yet)</span>;
  const d = DIFF[row.difference ?? "in-both"]!;
  return <span className={`text-xs ${row.difference === "in-both" ? "text-green-800" : "font-medium text-red-800"}`}>{d.label}</span>;
}

export function WhoCanAssumeTable({ view }: { view: WhoCanAssumeView }) {
  return (
    <table className="w-full border-collapse bg-white text-sm">
      <thead>
        <tr className="border-b text-left"><th className="p-2">Projects</th><th className="p-2">Refs</th><th className="p-2">sub pattern / statement</th><th className="p-2">From mapping (approval)</th><th className="p-2">State</th></tr>
      </thead>
      <tbody>
        {view.rows.length === 0 ? <tr><td colSpan={5} className="p-2 text-slate-600">No grant matches.</td></tr> : null}
        {view.rows.map((r, i) => (
          <tr key={`${r.sid}-${r.pattern}-${i}`} className={`border-b align-top ${DIFF[r.difference ?? "in-both"]?.tone ?? ""}`} data-testid="grant-row">
            <td className="p-2">{r.projects}</td>
            <td className="p-2">{r.refs}</td>
            <td className="p-2 font-mono text-xs">
              <div>{r.pattern ?? "(no sub condition)"}</div>
              <div className="text-slate-500">{r.effect} · {r.sid ?? "no Sid"} · aud {r.audiences.join(", ") || "(any)"}</div>
              {r.notes.map((n) => <div key={n} className="text-amber-800">{n}</div>)}
            </td>
            <td className="p-2">
              {r.managed ? (
                r.mappings.length > 0 ? (
                  r.mappings.map((m) => (
                    <div key={m.id}>
                      <Link href={`/mappings/${m.id}`} className="text-blue-800 hover:underline">{m.scope} {m.gitlabPath} · {m.refType} {m.ref}</Link>
                      <div className="text-xs text-slate-600">requested by {m.requester}; approved by {m.approvers.join(", ") || "?"}{m.approvedAt ? ` on ${m.approvedAt.slice(0, 10)}` : ""}</div>
                    </div>
                  ))
                ) : (
                  <span className="text-red-800">no approved mapping</span>
                )
              ) : (
                <span className="font-medium text-slate-700">not managed by trustmap</span>
              )}
            </td>
            <td className="p-2"><Difference row={r} actualRead={view.role.actualRead} /></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
