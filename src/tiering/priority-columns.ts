/**
 * Priorities over columns (issue 10): what prioritise (priority.ts) answers, with every customer's size, need,
 * intent, score and priority in typed arrays and objects built only for the customers listed (the first `limit` by
 * score, then id) — or for all of them when the re-tiering job asks. At 200,000 customers the object path built a
 * facts object, a one-element array for the size rule and a result per customer on every call. The object path stays
 * as the oracle (priority-columns.test.ts). Pure.
 */
import { firstInOrder } from "../core/first-in-order";
import { DEFAULT_PRIORITY, type Prioritised, type Priority, type PriorityConfig } from "./priority";
import { percentileColumn } from "./kaism-columns";
import { applyRule } from "./score-rule";

export interface PriorityColumns {
  customerId: Float64Array;
  sizeBand: readonly (string | null)[];
  revenue: Float64Array;
  openAmount: Float64Array;
  intent: Float64Array;
}

const PRIORITIES: Priority[] = ["high", "medium", "low"];

/** The count per priority, the first `limit` customers by score (then id), and every customer's when `all`. */
export function prioritiseColumns(c: PriorityColumns, limit: number, cfg: PriorityConfig = DEFAULT_PRIORITY, all = false) {
  const n = c.customerId.length;
  const rule = cfg.sizeRule;
  let band: Float64Array; // NaN: the band is unknown to a map rule, size falls back to the revenue percentile
  if (rule.kind === "map") {
    band = new Float64Array(n);
    const known = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      const b = c.sizeBand[i];
      if (b === null || !(b.trim() in rule.scores)) band[i] = Number.NaN;
      else {
        let v = known.get(b);
        if (v === undefined) known.set(b, (v = applyRule(rule, [b])[0]));
        band[i] = v;
      }
    }
  } else band = Float64Array.from(applyRule(rule, Array.from(c.revenue)));
  const revenuePct = percentileColumn(c.revenue),
    needPct = percentileColumn(c.openAmount);
  const w = cfg.weights;
  const sw = w.size + w.need + w.intent;
  const size = new Float64Array(n),
    need = new Float64Array(n),
    intent = new Float64Array(n),
    score = new Float64Array(n);
  const priority = new Int8Array(n);
  const counts = { high: 0, medium: 0, low: 0 };
  for (let i = 0; i < n; i++) {
    size[i] = Number.isNaN(band[i]) ? revenuePct[i] : band[i];
    need[i] = c.openAmount[i] > 0 ? needPct[i] : 0;
    intent[i] = Math.max(0, Math.min(100, c.intent[i]));
    score[i] = sw > 0 ? (w.size * size[i] + w.need * need[i] + w.intent * intent[i]) / sw : 0;
    priority[i] = score[i] >= cfg.cuts.high ? 0 : score[i] >= cfg.cuts.medium ? 1 : 2;
    counts[PRIORITIES[priority[i]]]++;
  }
  const at = (i: number): Prioritised => ({
    customerId: c.customerId[i],
    size: size[i],
    need: need[i],
    intent: intent[i],
    score: score[i],
    priority: PRIORITIES[priority[i]],
  });
  const top = firstInOrder(
    Array.from({ length: n }, (_, i) => i),
    limit,
    (a, b) => score[b] - score[a] || c.customerId[a] - c.customerId[b],
  );
  return { counts, customers: top.map(at), all: all ? Array.from({ length: n }, (_, i) => at(i)) : null };
}
