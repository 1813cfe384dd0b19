/** Rules that turn one indicator of every customer into a 0–100 score. */
import { percentileScores } from "./rank";

export type ScoreRule =
  /** share of the other customers with a smaller value, 0–100 */
  | { kind: "percentile" }
  /** 0 at or below `zero`, 100 at or above `full`, linear between */
  | { kind: "linear"; zero: number; full: number }
  /** the score of the highest step whose `min` the value reaches; below every step 0 */
  | { kind: "steps"; steps: { min: number; score: number }[] }
  /** a score per category (credit rating, prospect…); unknown or missing → `otherwise` */
  | { kind: "map"; scores: Record<string, number>; otherwise: number };

const clamp = (v: number) => Math.max(0, Math.min(100, v));

/** Scores a population; numeric rules read a missing value as 0, the map rule as its `otherwise`. */
export function applyRule(rule: ScoreRule, values: readonly (number | string | null)[]): number[] {
  switch (rule.kind) {
    case "percentile":
      return percentileScores(values.map(num));
    case "linear":
      return values.map((v) => (rule.full === rule.zero ? (num(v) >= rule.full ? 100 : 0) : clamp((100 * (num(v) - rule.zero)) / (rule.full - rule.zero))));
    case "steps": {
      const steps = [...rule.steps].sort((a, b) => b.min - a.min);
      return values.map((v) => clamp(steps.find((s) => num(v) >= s.min)?.score ?? 0));
    }
    case "map":
      return values.map((v) => clamp(v === null ? rule.otherwise : (rule.scores[String(v).trim()] ?? rule.otherwise)));
  }
}

function num(v: number | string | null): number {
  if (v === null) return 0;
  const n = typeof v === "number" ? v : Number(v);
  return Number.isFinite(n) ? n : 0;
}

/** Σ wᵢ sᵢ / Σ wᵢ over the criteria that have a score (missing ones drop out and the weights renormalise). */
export function weightedScore(scores: Record<string, number | null | undefined>, weights: Record<string, number>): number | null {
  let sw = 0,
    s = 0;
  for (const [k, w] of Object.entries(weights)) {
    const v = scores[k];
    if (v === null || v === undefined || !(w > 0)) continue;
    sw += w;
    s += w * v;
  }
  return sw > 0 ? s / sw : null;
}
