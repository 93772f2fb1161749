"use client";
import { useMemo, useState, type ReactNode } from "react";
import { useSearchParams } from "next/navigation";
import { CRITERIA, CRITERION_INFO } from "@/lib/tradeoffs/criteria";
import { METHOD_INFO } from "@/lib/tradeoffs/methods";
import { SPECTRA } from "@/lib/tradeoffs/positions";
import { DEFAULT_WEIGHTS, MAX_WEIGHT, MIN_WEIGHT, evaluate, type Weights } from "@/lib/tradeoffs/score";
import { parseWeights, searchParamsRecord, serializeWeights } from "@/lib/tradeoffs/url";
import type { CriterionId } from "@/lib/tradeoffs/criteria";
import { SpectrumChart } from "./spectrum-chart";
import { ScoreBars } from "./score-bars";
import { ComparisonTable } from "./comparison-table";

/**
 * Sliders → weights → charts and recommendation, recomputed in the browser with the same pure
 * module the server uses. The URL is the source of truth for shared views: weights are written
 * back with replaceState (which Next's router observes), and a navigation to other weights (a
 * link, the nav entry) resets the sliders to what the URL says. Local state keeps dragging smooth.
 */
export function TradeoffExplorer({ orgUsage }: { orgUsage: ReactNode }) {
  const searchParams = useSearchParams();
  const fromUrl = parseWeights(searchParamsRecord(new URLSearchParams(searchParams.toString())));
  const urlKey = serializeWeights(fromUrl.weights);
  const [weights, setWeights] = useState<Weights>(fromUrl.weights);
  const [seenUrlKey, setSeenUrlKey] = useState(urlKey);
  if (urlKey !== seenUrlKey) {
    // The URL changed under us: our own replaceState (already equal) or a navigation (adopt it).
    setSeenUrlKey(urlKey);
    if (urlKey !== serializeWeights(weights)) setWeights(fromUrl.weights);
  }
  const notes = fromUrl.notes;
  const evaluation = useMemo(() => evaluate(weights), [weights]);
  const rec = evaluation.recommendation;
  const recommended = rec.kind === "method" ? rec.method : null;

  function update(next: Weights) {
    setWeights(next);
    window.history.replaceState(null, "", `?${serializeWeights(next)}`);
  }
  const setWeight = (c: CriterionId, value: number) => update({ ...weights, [c]: value });

  return (
    <div className="space-y-8">
      {notes.length > 0 ? (
        <div role="status" className="rounded border border-amber-300 bg-amber-50 p-3 text-sm" data-testid="url-notes">
          <p className="font-medium">Some weights in the link could not be used as given:</p>
          <ul className="list-disc pl-5">{notes.map((n) => <li key={n}>{n}</li>)}</ul>
        </div>
      ) : null}

      <section aria-labelledby="weights-h" className="grid gap-6 md:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
        <div className="print:hidden">
          <h2 id="weights-h" className="text-lg font-medium">What matters to you</h2>
          <p className="mb-3 text-sm text-slate-600">Weight each criterion from {MIN_WEIGHT} (ignore) to {MAX_WEIGHT} (decisive). The link in the address bar keeps these weights.</p>
          <div className="space-y-2">
            {CRITERIA.map((c) => (
              <div key={c} className="grid grid-cols-[minmax(0,14rem)_1fr_2rem] items-center gap-3">
                <label htmlFor={`weight-${c}`} className="text-sm">{CRITERION_INFO[c].label}</label>
                <input
                  id={`weight-${c}`}
                  type="range"
                  min={MIN_WEIGHT}
                  max={MAX_WEIGHT}
                  step={1}
                  value={weights[c]}
                  aria-valuetext={`${weights[c]} of ${MAX_WEIGHT}`}
                  onChange={(e) => setWeight(c, Number(e.currentTarget.value))}
                  className="w-full accent-blue-700"
                />
                <output htmlFor={`weight-${c}`} className="text-right text-sm tabular-nums">{weights[c]}</output>
              </div>
            ))}
          </div>
          <button type="button" onClick={() => update({ ...DEFAULT_WEIGHTS })} className="mt-3 rounded border border-slate-300 px-3 py-1 text-sm hover:bg-slate-100">
            Reset to equal weights
          </button>
        </div>
        <div className="hidden print:block">
          <h2 className="text-lg font-medium">Weights used</h2>
          <p className="text-sm">{CRITERIA.map((c) => `${CRITERION_INFO[c].label} ${weights[c]}`).join(" · ")}</p>
        </div>

        <div className="space-y-3">
          <div aria-live="polite" className="rounded border-2 border-blue-700 bg-white p-4" data-testid="recommendation">
            <h2 className="text-lg font-medium">
              {rec.kind === "method" ? <>Recommendation: <span data-testid="recommended-method">{METHOD_INFO[rec.method].label}</span></> : rec.kind === "tie" ? "No single winner" : "No recommendation"}
            </h2>
            <p className="mt-1 text-sm">{rec.explanation}</p>
          </div>
          <ScoreBars results={evaluation.results} recommended={recommended} />
          {orgUsage}
        </div>
      </section>

      <section aria-labelledby="spectra-h">
        <h2 id="spectra-h" className="text-lg font-medium">The two spectra</h2>
        <p className="mb-3 text-sm text-slate-600">Where each method sits in the original comparison; the ring marks the method your weights recommend.</p>
        <div className="grid gap-4 md:grid-cols-2">
          {SPECTRA.map((s) => <SpectrumChart key={s.id} spectrum={s} recommended={recommended} />)}
        </div>
      </section>

      <section aria-labelledby="table-h">
        <h2 id="table-h" className="text-lg font-medium">Advantages and disadvantages</h2>
        <ComparisonTable weights={weights} />
      </section>
    </div>
  );
}
