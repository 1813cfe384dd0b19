/**
 * Customer priority high / medium / low (客户分类与优先级, seed 000: by size, need and purchase intent), the
 * revisit cadence each priority asks for, and which assignments changed since the last evaluation.
 */
import { percentileScores } from "./rank";
import { applyRule, type ScoreRule } from "./score-rule";

export interface PriorityFacts {
  customerId: number;
  sizeBand: string | null;
  /** revenue in the last 12 months (fen) */
  revenue: number;
  /** open pipeline amount (fen): the need we know of */
  openAmount: number;
  /** highest win probability among open opportunities, 0 without any: the intent */
  intent: number;
}

export type Priority = "high" | "medium" | "low";

export interface PriorityConfig {
  /** size from the size band; an unknown band falls back to the revenue percentile */
  sizeRule: ScoreRule;
  weights: { size: number; need: number; intent: number };
  /** lowest composite for high and for medium */
  cuts: { high: number; medium: number };
  /** days between visits by priority (回访周期) */
  revisitDays: Record<Priority, number>;
}

export const DEFAULT_PRIORITY: PriorityConfig = {
  sizeRule: { kind: "map", scores: { large: 100, medium: 60, small: 20, 大型: 100, 中型: 60, 小型: 20, 大: 100, 中: 60, 小: 20 }, otherwise: 0 },
  weights: { size: 0.3, need: 0.3, intent: 0.4 },
  cuts: { high: 65, medium: 35 },
  revisitDays: { high: 7, medium: 14, low: 30 },
};

export interface Prioritised {
  customerId: number;
  size: number;
  need: number;
  intent: number;
  score: number;
  priority: Priority;
}

/** need = percentile of the open pipeline amount; intent = the best open probability; size as configured. */
export function prioritise(rows: readonly PriorityFacts[], cfg: PriorityConfig = DEFAULT_PRIORITY): Prioritised[] {
  const rule = cfg.sizeRule;
  const band =
    rule.kind === "map"
      ? rows.map((r) => (r.sizeBand !== null && r.sizeBand.trim() in rule.scores ? applyRule(rule, [r.sizeBand])[0] : null))
      : applyRule(
          rule,
          rows.map((r) => r.revenue),
        );
  const revenuePct = percentileScores(rows.map((r) => r.revenue));
  const needPct = percentileScores(rows.map((r) => r.openAmount));
  const w = cfg.weights;
  const sw = w.size + w.need + w.intent;
  return rows.map((r, i) => {
    const size = band[i] ?? revenuePct[i];
    const need = r.openAmount > 0 ? needPct[i] : 0;
    const intent = Math.max(0, Math.min(100, r.intent));
    const score = sw > 0 ? (w.size * size + w.need * need + w.intent * intent) / sw : 0;
    const priority: Priority = score >= cfg.cuts.high ? "high" : score >= cfg.cuts.medium ? "medium" : "low";
    return { customerId: r.customerId, size, need, intent, score, priority };
  });
}

export interface Assignment {
  customerId: number;
  tier: string;
  score: number | null;
}

/** The assignments whose tier differs from the customer's latest stored one (or that have none yet). */
export function changedAssignments(latest: ReadonlyMap<number, string>, current: readonly Assignment[]): Assignment[] {
  return current.filter((a) => latest.get(a.customerId) !== a.tier);
}

/** The next visit date: the last contact plus the cadence of the priority ("YYYY-MM-DD" in, out). */
export function nextVisit(lastContact: string, priority: Priority, cfg: PriorityConfig = DEFAULT_PRIORITY): string {
  const t = Date.parse(`${lastContact}T00:00:00Z`) + cfg.revisitDays[priority] * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}
