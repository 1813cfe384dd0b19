/** KAISM criterion scores (0–100) derived from what the CRM records, overridable by scores a user enters. */
import type { KaismInput } from "./kaism";
import { percentileScores } from "./rank";
import { applyRule, type ScoreRule } from "./score-rule";

export interface KaismFacts {
  customerId: number;
  /** revenue and orders in the window, revenue in the window before it (fen) */
  revenue: number;
  orders: number;
  revenueBefore: number;
  profit: number;
  prospect: string | null;
  /** activities with the customer in the window */
  activities: number;
  /** closed opportunities with the customer */
  won: number;
  lost: number;
  /** scores entered by hand, by criterion key; they win over derived ones */
  manual?: Record<string, number>;
}

export const DEFAULT_FIT_RULE: ScoreRule = {
  kind: "map",
  scores: { high: 100, medium: 60, low: 20, 高: 100, 中: 60, 低: 20, A: 100, B: 60, C: 20 },
  otherwise: 0,
};

/**
 * volume, frequency, profitability, relationship: percentile among the customers scored;
 * growth: 50 ± 50 × the revenue change on the window before (capped at ±100 %), 100 for a customer new in
 * the window, unknown without revenue in either; fit: the development prospect rating;
 * competitive: our win rate on the customer's closed deals; wallet: only what a user enters.
 */
export function kaismCriteria(facts: readonly KaismFacts[], fitRule: ScoreRule = DEFAULT_FIT_RULE): KaismInput[] {
  const volume = percentileScores(facts.map((f) => f.revenue));
  const frequency = percentileScores(facts.map((f) => f.orders));
  const profitability = percentileScores(facts.map((f) => f.profit));
  const relationship = percentileScores(facts.map((f) => f.activities));
  const fitScores = applyRule(
    fitRule,
    facts.map((f) => f.prospect),
  );
  return facts.map((f, i) => {
    const growth = f.revenueBefore > 0 ? 50 + 50 * Math.max(-1, Math.min(1, (f.revenue - f.revenueBefore) / f.revenueBefore)) : f.revenue > 0 ? 100 : null;
    const fit = f.prospect === null || !knownFit(fitRule, f.prospect) ? null : fitScores[i];
    const closed = f.won + f.lost;
    const derived: Record<string, number | null> = {
      volume: volume[i],
      frequency: frequency[i],
      growth,
      profitability: profitability[i],
      fit,
      wallet: null,
      relationship: relationship[i],
      competitive: closed > 0 ? (100 * f.won) / closed : null,
    };
    return { customerId: f.customerId, scores: f.manual ? { ...derived, ...f.manual } : derived }; // no copy for the many without manual scores
  });
}

/** Whether the fit rule scores this prospect rating (a map rule only the ratings it names). */
export function knownFit(rule: ScoreRule, prospect: string): boolean {
  return rule.kind !== "map" || prospect.trim() in rule.scores;
}
