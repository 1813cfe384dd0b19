/** Turns named features into the numeric vector the win model reads: standardised numbers and one-hot categories. */

export interface FeatureRow {
  numeric: Record<string, number>;
  categorical: Record<string, string | null>;
}

export interface NumericSlot {
  name: string;
  mean: number;
  sd: number;
}
export interface CategoricalSlot {
  name: string;
  values: { value: string; share: number }[];
}
export interface Encoder {
  numeric: NumericSlot[];
  categorical: CategoricalSlot[];
}

/** One column of the encoded vector: a number, or one value of a category. */
export interface Column {
  name: string;
  value?: string;
  mean: number;
}

/**
 * Learns means and spreads of the numbers and the vocabulary of the categories from training rows.
 * A category value seen fewer than `minCount` times gets no column (it reads as "other").
 */
export function fitEncoder(rows: readonly FeatureRow[], minCount = 5): Encoder {
  if (rows.length === 0) return { numeric: [], categorical: [] };
  const numNames = Object.keys(rows[0].numeric).sort();
  const catNames = Object.keys(rows[0].categorical).sort();
  const numeric = numNames.map((name) => {
    let s = 0,
      s2 = 0;
    for (const r of rows) {
      const v = r.numeric[name];
      s += v;
      s2 += v * v;
    }
    const mean = s / rows.length;
    const sd = Math.sqrt(Math.max(0, s2 / rows.length - mean * mean));
    return { name, mean, sd: sd > 1e-12 ? sd : 1 };
  });
  const categorical = catNames.map((name) => {
    const counts = new Map<string, number>();
    for (const r of rows) {
      const v = r.categorical[name];
      if (v != null) counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    const values = [...counts.entries()]
      .filter(([, c]) => c >= minCount)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([value, c]) => ({ value, share: c / rows.length }));
    return { name, values };
  });
  return { numeric, categorical };
}

export function columns(enc: Encoder): Column[] {
  return [
    ...enc.numeric.map((n) => ({ name: n.name, mean: 0 })),
    ...enc.categorical.flatMap((c) => c.values.map((v) => ({ name: c.name, value: v.value, mean: v.share }))),
  ];
}

export function encode(enc: Encoder, row: FeatureRow): number[] {
  const out: number[] = [];
  for (const n of enc.numeric) out.push(((row.numeric[n.name] ?? n.mean) - n.mean) / n.sd);
  for (const c of enc.categorical) {
    const v = row.categorical[c.name];
    for (const x of c.values) out.push(x.value === v ? 1 : 0);
  }
  return out;
}

export interface Factor {
  name: string;
  value?: string;
  raw: number | string | null;
  contribution: number;
}

/**
 * What pushes one prediction up or down: each column's weight × its distance from the training average
 * (log-odds), largest first. Positive raises the win probability.
 */
export function topFactors(enc: Encoder, weights: readonly number[], row: FeatureRow, n = 3): Factor[] {
  const x = encode(enc, row);
  const cols = columns(enc);
  const merged = new Map<string, Factor>();
  cols.forEach((c, j) => {
    const contribution = weights[j] * (x[j] - c.mean);
    const f = merged.get(c.name);
    const raw = c.name in row.numeric ? row.numeric[c.name] : (row.categorical[c.name] ?? null);
    // a category's columns together say how its value compares with the average mix
    if (f) f.contribution += contribution;
    else merged.set(c.name, { name: c.name, raw, contribution });
  });
  return [...merged.values()].sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution)).slice(0, n);
}
