/** The weighted score per method as an accessible SVG bar chart; updates with the sliders. */
import { METHOD_INFO, type MethodId } from "@/lib/tradeoffs/methods";
import type { MethodResult } from "@/lib/tradeoffs/score";
import { METHOD_STYLE } from "./method-style";

const W = 420;
const ROW = 40;
const LABEL = 150;
const BAR_MAX = W - LABEL - 60;

export function ScoreBars({ results, recommended }: { results: MethodResult[]; recommended: MethodId | null }) {
  const H = ROW * results.length + 8;
  const desc = results
    .map((r) => `${METHOD_INFO[r.method].label}: ${r.percent === null ? "no score" : `${Math.round(r.percent)} out of 100`}${r.method === recommended ? " (recommended)" : ""}.`)
    .join(" ");
  return (
    <figure className="rounded border border-slate-200 bg-white p-3 print:break-inside-avoid" data-testid="chart-weighted">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby="chart-weighted-title" aria-describedby="chart-weighted-desc" className="h-auto w-full max-w-[520px]">
        <title id="chart-weighted-title">Weighted score with your weights (0–100)</title>
        <desc id="chart-weighted-desc">{desc}</desc>
        {results.map((r, i) => {
          const y = 4 + i * ROW;
          const width = r.percent === null ? 0 : (r.percent / 100) * BAR_MAX;
          return (
            <g key={r.method} data-method={r.method}>
              <text x={LABEL - 8} y={y + 22} textAnchor="end" fontSize="13" fontWeight={r.method === recommended ? 700 : 500} fill="#0f172a">
                {METHOD_INFO[r.method].label}
              </text>
              <rect x={LABEL} y={y + 6} width={BAR_MAX} height={24} fill="#f1f5f9" />
              <rect x={LABEL} y={y + 6} width={width} height={24} fill={METHOD_STYLE[r.method].color} />
              {r.method === recommended ? <rect x={LABEL - 2} y={y + 4} width={BAR_MAX + 4} height={28} fill="none" stroke="#1d4ed8" strokeWidth={2} /> : null}
              <text x={LABEL + BAR_MAX + 8} y={y + 23} fontSize="13" fill="#0f172a" className="tabular-nums">
                {r.percent === null ? "–" : Math.round(r.percent)}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="mt-2 text-sm font-medium">Weighted score with your weights (0–100)</figcaption>
    </figure>
  );
}
