/**
 * Before the win model trains, features that give the outcome away are left out: any feature that alone separates
 * won from lost almost perfectly (AUC above 0.98), or that is constant within one class while rare in the other
 * (amount = 0 on every lost deal, because the export zeroes lost amounts). Pure.
 */
import { auc } from "./evaluation";
import type { FeatureRow } from "./features";

export const LEAK_AUC = 0.98;

export interface ExcludedFeature {
  name: string;
  reason: "separates_outcome" | "constant_in_one_class";
  /** the feature's own AUC (max of AUC and 1 − AUC) */
  auc: number | null;
  detail: string;
}

interface Labelled {
  row: FeatureRow;
  label: 0 | 1;
}

const key = (v: number | string | null) => (v === null ? "∅" : String(v));

function constantInOneClass(values: Array<number | string | null>, labels: number[]): { cls: 0 | 1; value: string; otherShare: number } | null {
  for (const cls of [0, 1] as const) {
    const mine = values.filter((_, i) => labels[i] === cls);
    const other = values.filter((_, i) => labels[i] !== cls);
    if (mine.length < 10 || other.length < 10) continue;
    const v = key(mine[0]);
    if (!mine.every((x) => key(x) === v)) continue;
    const otherShare = other.filter((x) => key(x) === v).length / other.length;
    if (otherShare < 0.5) return { cls, value: v, otherShare };
  }
  return null;
}

/** The features to leave out, with why. Needs both outcomes; returns [] otherwise. */
export function leakingFeatures(examples: readonly Labelled[], threshold = LEAK_AUC): ExcludedFeature[] {
  if (!examples.length) return [];
  const labels = examples.map((e) => e.label);
  if (!labels.includes(0) || !labels.includes(1)) return [];
  const out: ExcludedFeature[] = [];
  const judge = (name: string, values: Array<number | string | null>, scores: number[]) => {
    const a = auc(scores, labels);
    const sep = a === null ? null : Math.max(a, 1 - a);
    const c = constantInOneClass(values, labels);
    if (c) {
      out.push({
        name,
        reason: "constant_in_one_class",
        auc: sep,
        detail: `${name} is ${c.value} on every ${c.cls ? "won" : "lost"} deal (${(c.otherShare * 100).toFixed(0)} % of ${c.cls ? "lost" : "won"} deals)`,
      });
    } else if (sep !== null && sep > threshold) {
      out.push({ name, reason: "separates_outcome", auc: sep, detail: `${name} alone separates won from lost (AUC ${sep.toFixed(3)})` });
    }
  };
  for (const name of Object.keys(examples[0].row.numeric).sort()) {
    const v = examples.map((e) => e.row.numeric[name]);
    judge(name, v, v);
  }
  for (const name of Object.keys(examples[0].row.categorical).sort()) {
    const v = examples.map((e) => e.row.categorical[name] ?? null);
    // each value scored by its win rate: the best any model could do with this feature alone
    const rate = new Map<string, { won: number; n: number }>();
    v.forEach((x, i) => {
      const r = rate.get(key(x)) ?? { won: 0, n: 0 };
      r.n++;
      r.won += labels[i];
      rate.set(key(x), r);
    });
    judge(
      name,
      v,
      v.map((x) => {
        const r = rate.get(key(x))!;
        return r.won / r.n;
      }),
    );
  }
  return out;
}

/** A copy of the row without the excluded features. */
export function withoutFeatures(row: FeatureRow, excluded: ReadonlySet<string>): FeatureRow {
  if (!excluded.size) return row;
  return {
    numeric: Object.fromEntries(Object.entries(row.numeric).filter(([k]) => !excluded.has(k))),
    categorical: Object.fromEntries(Object.entries(row.categorical).filter(([k]) => !excluded.has(k))),
  };
}
