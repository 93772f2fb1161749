/** Advantages and disadvantages per method and criterion, with the score, its reason and its source. */
import { CRITERIA, CRITERION_INFO, MAX_SCORE, SCORES } from "@/lib/tradeoffs/criteria";
import { METHOD_INFO, METHODS } from "@/lib/tradeoffs/methods";
import type { Weights } from "@/lib/tradeoffs/score";

function verdict(score: number): { sign: string; label: string; className: string } {
  if (score >= 4) return { sign: "+", label: "advantage", className: "text-green-800" };
  if (score <= 1) return { sign: "−", label: "disadvantage", className: "text-red-800" };
  return { sign: "±", label: "mixed", className: "text-slate-700" };
}

export function ComparisonTable({ weights }: { weights: Weights }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full border-collapse bg-white text-sm">
        <caption id="comparison-help" className="p-2 text-left text-slate-600">
          Each cell: score out of {MAX_SCORE} (higher is better for you), advantage (+), disadvantage (−) or mixed (±), and why, with a source.
        </caption>
        <thead>
          <tr className="border-b text-left">
            <th scope="col" className="p-2">Criterion</th>
            <th scope="col" className="p-2">Your weight</th>
            {METHODS.map((m) => <th key={m} scope="col" className="p-2">{METHOD_INFO[m].label}</th>)}
          </tr>
        </thead>
        <tbody>
          {CRITERIA.map((c) => (
            <tr key={c} className="border-b align-top print:break-inside-avoid">
              <th scope="row" className="p-2 text-left font-medium">
                {CRITERION_INFO[c].label}
                <span className="block text-xs font-normal text-slate-600">{CRITERION_INFO[c].question}</span>
              </th>
              <td className="p-2 tabular-nums">{weights[c]}</td>
              {METHODS.map((m) => {
                const s = SCORES[c][m];
                const v = verdict(s.score);
                return (
                  <td key={m} className="p-2">
                    <span className={`font-semibold ${v.className}`}>
                      <span aria-hidden="true">{v.sign} </span>{s.score}/{MAX_SCORE}<span className="sr-only"> ({v.label})</span>
                    </span>
                    <span className="block">{s.rationale}</span>
                    <a href={s.source.url} className="block text-xs text-blue-800 underline print:no-underline" rel="noreferrer">{s.source.title}</a>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
