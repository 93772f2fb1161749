/**
 * Weights in the URL (`?rotation=3&exposure=5…`), so a view can be shared. Reading never throws:
 * a bad value falls back to the default (or is clamped) and a note says so, for the page to show.
 */
import { ZWeightParam } from "@/lib/schemas/tradeoffs";
import { CRITERIA } from "./criteria";
import { DEFAULT_WEIGHTS, MAX_WEIGHT, MIN_WEIGHT, type Weights } from "./score";

export type SearchParams = Record<string, string | string[] | undefined>;

export interface ParsedWeights {
  weights: Weights;
  /** One human sentence per parameter that was not used as given. */
  notes: string[];
}

const shown = (raw: string) => JSON.stringify(raw.length > 20 ? `${raw.slice(0, 20)}…` : raw);

export function parseWeights(params: SearchParams): ParsedWeights {
  const weights: Weights = { ...DEFAULT_WEIGHTS };
  const notes: string[] = [];
  for (const criterion of CRITERIA) {
    const value = params[criterion];
    if (value === undefined) continue;
    const raw = Array.isArray(value) ? value[0] : value;
    if (Array.isArray(value) && value.length > 1) notes.push(`${criterion} was given ${value.length} times; the first value is used.`);
    const parsed = ZWeightParam.safeParse(raw);
    if (!parsed.success) {
      notes.push(`${criterion}=${shown(raw ?? "")} is not a number from ${MIN_WEIGHT} to ${MAX_WEIGHT}; the default ${DEFAULT_WEIGHTS[criterion]} is used.`);
      continue;
    }
    const rounded = Math.round(parsed.data);
    const clamped = Math.min(MAX_WEIGHT, Math.max(MIN_WEIGHT, rounded));
    if (clamped !== parsed.data) notes.push(`${criterion}=${shown(raw ?? "")} is outside ${MIN_WEIGHT}–${MAX_WEIGHT} or not whole; ${clamped} is used.`);
    weights[criterion] = clamped;
  }
  return { weights, notes };
}

/** URLSearchParams (as useSearchParams returns) → the record Next gives pages, repeated keys kept. */
export function searchParamsRecord(params: URLSearchParams): SearchParams {
  const out: SearchParams = {};
  for (const key of new Set(params.keys())) {
    const all = params.getAll(key);
    out[key] = all.length > 1 ? all : all[0];
  }
  return out;
}

/** Every weight, in CRITERIA order, so equal views have equal URLs. */
export function serializeWeights(weights: Weights): string {
  const q = new URLSearchParams();
  for (const criterion of CRITERIA) q.set(criterion, String(weights[criterion]));
  return q.toString();
}
