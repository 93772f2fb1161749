/**
 * One spectrum of the original comparison as an accessible inline SVG scatter. Three labelled
 * points need no charting library: a hand-written SVG is smaller, prints crisply, and keeps full
 * control of the text alternative (title, desc and a data table next to it).
 */
import { METHOD_INFO, METHODS, type MethodId } from "@/lib/tradeoffs/methods";
import { SPECTRUM_MAX, type Spectrum } from "@/lib/tradeoffs/positions";
import { Marker } from "./method-style";

const W = 420;
const H = 320;
const PAD = { left: 56, right: 20, top: 16, bottom: 52 };
const plotW = W - PAD.left - PAD.right;
const plotH = H - PAD.top - PAD.bottom;
const sx = (v: number) => PAD.left + (v / SPECTRUM_MAX) * plotW;
const sy = (v: number) => PAD.top + plotH - (v / SPECTRUM_MAX) * plotH;

export function SpectrumChart({ spectrum, recommended }: { spectrum: Spectrum; recommended: MethodId | null }) {
  const titleId = `chart-${spectrum.id}-title`;
  const descId = `chart-${spectrum.id}-desc`;
  const desc =
    `${spectrum.x.label} on the horizontal axis, ${spectrum.y.label} on the vertical axis, from low to high. ` +
    METHODS.map((m) => {
      const p = spectrum.points[m];
      return `${METHOD_INFO[m].label}: ${spectrum.x.label.toLowerCase()} ${p.x} of 10, ${spectrum.y.label.toLowerCase()} ${p.y} of 10 (${p.why})${m === recommended ? ", recommended with your weights" : ""}.`;
    }).join(" ");
  return (
    <figure className="rounded border border-slate-200 bg-white p-3 print:break-inside-avoid" data-testid={`chart-${spectrum.id}`}>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={titleId} aria-describedby={descId} className="h-auto w-full max-w-[520px]">
        <title id={titleId}>{spectrum.title}</title>
        <desc id={descId}>{desc}</desc>
        <rect x={PAD.left} y={PAD.top} width={plotW} height={plotH} fill="#f8fafc" stroke="#cbd5e1" />
        <line x1={sx(SPECTRUM_MAX / 2)} x2={sx(SPECTRUM_MAX / 2)} y1={PAD.top} y2={PAD.top + plotH} stroke="#e2e8f0" strokeDasharray="4 4" />
        <line x1={PAD.left} x2={PAD.left + plotW} y1={sy(SPECTRUM_MAX / 2)} y2={sy(SPECTRUM_MAX / 2)} stroke="#e2e8f0" strokeDasharray="4 4" />
        <g fontSize="12" fill="#334155" aria-hidden="true">
          <text x={PAD.left + plotW / 2} y={H - 12} textAnchor="middle" fontWeight="600">{spectrum.x.label} →</text>
          <text x={PAD.left} y={PAD.top + plotH + 16}>{spectrum.x.low}</text>
          <text x={PAD.left + plotW} y={PAD.top + plotH + 16} textAnchor="end">{spectrum.x.high}</text>
          <text transform={`translate(18 ${PAD.top + plotH / 2}) rotate(-90)`} textAnchor="middle" fontWeight="600">{spectrum.y.label} →</text>
          <text x={PAD.left - 6} y={PAD.top + plotH} textAnchor="end">{spectrum.y.low}</text>
          <text x={PAD.left - 6} y={PAD.top + 10} textAnchor="end">{spectrum.y.high}</text>
        </g>
        {METHODS.map((m) => {
          const p = spectrum.points[m];
          const x = sx(p.x);
          const y = sy(p.y);
          const right = p.x < SPECTRUM_MAX * 0.6;
          return (
            <g key={m} data-method={m}>
              {m === recommended ? <circle cx={x} cy={y} r={16} fill="none" stroke="#1d4ed8" strokeWidth={3} data-testid="recommended-ring" /> : null}
              <Marker method={m} x={x} y={y} r={8} />
              <text x={right ? x + 20 : x - 20} y={y + 4} textAnchor={right ? "start" : "end"} fontSize="13" fontWeight={m === recommended ? 700 : 500} fill="#0f172a">
                {METHOD_INFO[m].label}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="mt-2 text-sm font-medium">{spectrum.title}</figcaption>
      <table className="mt-2 w-full text-left text-xs text-slate-700">
        <caption className="sr-only">{spectrum.title}: data</caption>
        <thead>
          <tr><th scope="col" className="py-1 pr-2">Method</th><th scope="col" className="py-1 pr-2">{spectrum.x.label}</th><th scope="col" className="py-1 pr-2">{spectrum.y.label}</th><th scope="col" className="py-1">Why</th></tr>
        </thead>
        <tbody>
          {METHODS.map((m) => (
            <tr key={m} className="border-t border-slate-100">
              <th scope="row" className="py-1 pr-2 font-medium">{METHOD_INFO[m].label}</th>
              <td className="py-1 pr-2 tabular-nums">{spectrum.points[m].x}/10</td>
              <td className="py-1 pr-2 tabular-nums">{spectrum.points[m].y}/10</td>
              <td className="py-1">{spectrum.points[m].why}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
