/**
 * Weights → weighted score per method → recommendation with an explanation. Pure and
 * deterministic, so the page can run it on the server (first paint, shared URLs) and in the
 * browser (sliders) with the same result.
 */
import { CRITERIA, CRITERION_INFO, MAX_SCORE, scoreOf, type CriterionId } from "./criteria";
import { METHOD_INFO, METHODS, type MethodId } from "./methods";

export const MIN_WEIGHT = 0;
export const MAX_WEIGHT = 5;
export const DEFAULT_WEIGHT = 3;

export type Weights = Record<CriterionId, number>;

export const DEFAULT_WEIGHTS: Weights = Object.fromEntries(CRITERIA.map((c) => [c, DEFAULT_WEIGHT])) as Weights;

export interface MethodResult {
  method: MethodId;
  /** Σ weight × score: grows with every weight, used to compare methods. */
  weightedTotal: number;
  /** The weighted mean as a percentage of the best possible (0–100); `null` when every weight is 0. */
  percent: number | null;
}

export interface Reason {
  criterion: CriterionId;
  /** weight × (recommended's score − runner-up's score). */
  contribution: number;
}

export type Recommendation =
  | { kind: "none"; explanation: string }
  | { kind: "tie"; methods: MethodId[]; explanation: string }
  | { kind: "method"; method: MethodId; runnerUp: MethodId; strengths: Reason[]; weaknesses: Reason[]; explanation: string };

export interface Evaluation {
  results: MethodResult[];
  /** Methods from best to worst (stable: METHODS order breaks ties). */
  ranking: MethodId[];
  recommendation: Recommendation;
}

export function weightedTotal(method: MethodId, weights: Weights): number {
  return CRITERIA.reduce((sum, c) => sum + weights[c] * scoreOf(c, method), 0);
}

export function totalWeight(weights: Weights): number {
  return CRITERIA.reduce((sum, c) => sum + weights[c], 0);
}

const EPSILON = 1e-9;

function reasons(winner: MethodId, other: MethodId, weights: Weights, sign: 1 | -1): Reason[] {
  return CRITERIA.map((criterion) => ({ criterion, contribution: weights[criterion] * (scoreOf(criterion, winner) - scoreOf(criterion, other)) }))
    .filter((r) => sign * r.contribution > EPSILON)
    .sort((a, b) => sign * (b.contribution - a.contribution));
}

function listLabels(rs: Reason[], max: number): string {
  return rs
    .slice(0, max)
    .map((r) => CRITERION_INFO[r.criterion].label.toLowerCase())
    .join(", ");
}

/** Score every method under `weights` and recommend the best one, saying why. */
export function evaluate(weights: Weights): Evaluation {
  const total = totalWeight(weights);
  const results: MethodResult[] = METHODS.map((method) => {
    const wt = weightedTotal(method, weights);
    return { method, weightedTotal: wt, percent: total > 0 ? (100 * wt) / (total * MAX_SCORE) : null };
  });
  const byMethod = new Map(results.map((r) => [r.method, r.weightedTotal]));
  const value = (m: MethodId) => byMethod.get(m) ?? 0;
  const ranking = [...METHODS].sort((a, b) => value(b) - value(a));
  const [first, second] = ranking as [MethodId, MethodId, MethodId];

  let recommendation: Recommendation;
  if (total === 0) {
    recommendation = { kind: "none", explanation: "Every criterion has weight 0: give at least one criterion a weight to get a recommendation." };
  } else if (value(first) - value(second) <= EPSILON) {
    const tied = ranking.filter((m) => value(first) - value(m) <= EPSILON);
    recommendation = {
      kind: "tie",
      methods: tied,
      explanation: `With these weights ${tied.map((m) => METHOD_INFO[m].label).join(" and ")} score the same; raise the weight of what matters most to you to separate them.`,
    };
  } else {
    const strengths = reasons(first, second, weights, 1);
    const weaknesses = reasons(first, second, weights, -1);
    const label = METHOD_INFO[first].label;
    const parts = [`${label} scores highest with your weights, ahead of ${METHOD_INFO[second].label}.`];
    if (strengths.length > 0) parts.push(`It wins most on ${listLabels(strengths, 3)}.`);
    if (weaknesses.length > 0) parts.push(`It is weaker on ${listLabels(weaknesses, 2)}.`);
    recommendation = { kind: "method", method: first, runnerUp: second, strengths, weaknesses, explanation: parts.join(" ") };
  }
  return { results, ranking, recommendation };
}
