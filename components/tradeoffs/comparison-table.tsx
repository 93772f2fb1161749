/** Advantages and disadvantages per method and criterion, with the score, its reason and its source. */
import { CRITERIA, CRITERION_INFO, MAX_SCORE, SCORES } from "@/lib/tradeoffs/criteria";
import { METHOD_INFO, METHODS } from "@/lib/tradeoffs/methods";
import type { Weights } from "@/lib/tradeoffs/score";
import { RowHeader, Table, Td, THead, Tr } from "@/components/ui/table";

function verdict(score: number): { sign: string; label: string; className: string } {
  if (score >= 4) return { sign: "+", label: "advantage", className: "text-green-800" };
  if (score <= 1) return { sign: "−", label: "disadvantage", className: "text-red-800" };
  return { sign: "±", label: "mixed", className: "text-slate-700" };
}

export function ComparisonTable({ weights }: { weights: Weights }) {
  return (
    <Table
      label="Advantages and disadvantages"
      minWidth="min-w-[48rem]"
      caption={<span id="comparison-help">Each cell: score out of {MAX_SCORE} (higher is better for you), advantage (+), disadvantage (−) or mixed (±), and why, with a source.</span>}
    >
      <THead columns={["Criterion", "Your weight", ...METHODS.map((m) => METHOD_INFO[m].label)]} />
      <tbody>
        {CRITERIA.map((c) => (
          <Tr key={c} className="print:break-inside-avoid">
            <RowHeader className="">
              {CRITERION_INFO[c].label}
              <span className="block text-xs font-normal text-slate-700">{CRITERION_INFO[c].question}</span>
            </RowHeader>
            <Td className="tabular-nums">{weights[c]}</Td>
            {METHODS.map((m) => {
              const s = SCORES[c][m];
              const v = verdict(s.score);
              return (
                <Td key={m} className="">
                  <span className={`font-semibold ${v.className}`}>
                    <span aria-hidden="true">{v.sign} </span>{s.score}/{MAX_SCORE}<span className="sr-only"> ({v.label})</span>
                  </span>
                  <span className="block">{s.rationale}</span>
                  <a href={s.source.url} className="block text-xs text-blue-800 underline print:no-underline" rel="noreferrer">{s.source.title}</a>
                </Td>
              );
            })}
          </Tr>
        ))}
      </tbody>
    </Table>
  );
}
