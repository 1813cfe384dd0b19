/**
 * RFM (RFM 量化模型): recency, frequency and monetary scores 1–5 by rank, named segments from score rules, and
 * the R × F segment grid.
 */
import { competitionRanks } from "./rank";

export interface RfmInput {
  customerId: number;
  /** whole days from the last order in the window to the as-of date */
  recencyDays: number;
  /** orders in the window */
  frequency: number;
  /** order value in the window, fen */
  monetary: number;
}

/** An inclusive score range [min, max] on 1–5. */
export type ScoreRange = [number, number];

export interface RfmSegment {
  key: string;
  nameZh: string;
  nameEn: string;
  r: ScoreRange;
  f: ScoreRange;
  m?: ScoreRange;
}

/**
 * Default segments on the R × F grid (the widely used 5 × 5 map; M refines nothing by default, but a rule may
 * add an `m` range). Rules are tried in order and the first match wins; together they cover all 25 cells.
 *        F=1         2           3           4           5
 * R=5   new         potential   potential   champions   champions
 * R=4   promising   potential   potential   loyal       loyal
 * R=3   about to sleep (1–2)    attention   loyal       loyal
 * R=2   hibernating (1–2)       at risk     at risk     can't lose
 * R=1   lost        hibernating at risk     at risk     can't lose
 */
export const DEFAULT_SEGMENTS: RfmSegment[] = [
  { key: "champions", nameZh: "重要价值客户", nameEn: "Champions", r: [5, 5], f: [4, 5] },
  { key: "loyal", nameZh: "忠诚客户", nameEn: "Loyal", r: [3, 4], f: [4, 5] },
  { key: "potential", nameZh: "潜力客户", nameEn: "Potential loyalists", r: [4, 5], f: [2, 3] },
  { key: "new", nameZh: "新客户", nameEn: "New", r: [5, 5], f: [1, 1] },
  { key: "promising", nameZh: "有望客户", nameEn: "Promising", r: [4, 4], f: [1, 1] },
  { key: "attention", nameZh: "需关注客户", nameEn: "Need attention", r: [3, 3], f: [3, 3] },
  { key: "about_to_sleep", nameZh: "即将沉睡客户", nameEn: "About to sleep", r: [3, 3], f: [1, 2] },
  { key: "cant_lose", nameZh: "重要保持客户", nameEn: "Can't lose them", r: [1, 2], f: [5, 5] },
  { key: "at_risk", nameZh: "重要挽留客户", nameEn: "At risk", r: [1, 2], f: [3, 4] },
  { key: "lost", nameZh: "流失客户", nameEn: "Lost", r: [1, 1], f: [1, 1] },
  { key: "hibernating", nameZh: "沉睡客户", nameEn: "Hibernating", r: [1, 2], f: [1, 2] },
];

export interface RfmScore extends RfmInput {
  r: number;
  f: number;
  m: number;
  segment: string | null;
}

/** Score from a 1-based competition rank among n: 1 + ⌊5 (r − 1) / n⌋. */
export const scoreOfRank = (rank: number, n: number): number => 1 + Math.floor((5 * (rank - 1)) / n);

const inRange = (v: number, [lo, hi]: ScoreRange) => v >= lo && v <= hi;

/** The first segment whose ranges contain the scores, or null. */
export function segmentOf(r: number, f: number, m: number, segments: readonly RfmSegment[] = DEFAULT_SEGMENTS): string | null {
  const s = segments.find((s) => inRange(r, s.r) && inRange(f, s.f) && (!s.m || inRange(m, s.m)));
  return s ? s.key : null;
}

/**
 * Scores every customer. Frequency and monetary rank ascending (the most scores 5); recency ranks by days since
 * the last order descending, so the longest-gone rank first and score 1 and the most recent score 5.
 * Ties take the lowest rank (SQL RANK()), so tied customers share a score.
 */
export function rfmScores(rows: readonly RfmInput[], segments: readonly RfmSegment[] = DEFAULT_SEGMENTS): RfmScore[] {
  const n = rows.length;
  const rr = competitionRanks(
    rows.map((x) => x.recencyDays),
    true,
  );
  const fr = competitionRanks(rows.map((x) => x.frequency));
  const mr = competitionRanks(rows.map((x) => x.monetary));
  return rows.map((x, i) => {
    const r = scoreOfRank(rr[i], n),
      f = scoreOfRank(fr[i], n),
      m = scoreOfRank(mr[i], n);
    const { customerId, recencyDays, frequency, monetary } = x; // a literal, not a spread: one shape for every customer
    return { customerId, recencyDays, frequency, monetary, r, f, m, segment: segmentOf(r, f, m, segments) };
  });
}

export interface GridCell {
  r: number;
  f: number;
  customers: number;
  monetary: number;
  segment: string | null;
}
export interface SegmentSummary {
  key: string;
  nameZh: string;
  nameEn: string;
  customers: number;
  monetary: number;
  share: number | null;
}

/** The 5 × 5 R × F grid (counts, revenue, and the segment of the cell when M does not split it) and the per-segment totals. */
export function rfmGrid(scores: readonly RfmScore[], segments: readonly RfmSegment[] = DEFAULT_SEGMENTS) {
  const cell = new Map<number, { customers: number; monetary: number }>();
  const seg = new Map<string, { customers: number; monetary: number }>();
  let total = 0;
  for (const s of scores) {
    // one pass: large customer bases stay linear
    const c = cell.get(s.r * 10 + s.f) ?? { customers: 0, monetary: 0 };
    c.customers++;
    c.monetary += s.monetary;
    cell.set(s.r * 10 + s.f, c);
    const g = seg.get(s.segment ?? "") ?? { customers: 0, monetary: 0 };
    g.customers++;
    g.monetary += s.monetary;
    seg.set(s.segment ?? "", g);
    total += s.monetary;
  }
  const cells: GridCell[] = [];
  for (let r = 5; r >= 1; r--)
    for (let f = 1; f <= 5; f++) {
      const bySeg = new Set([1, 2, 3, 4, 5].map((m) => segmentOf(r, f, m, segments)));
      const c = cell.get(r * 10 + f) ?? { customers: 0, monetary: 0 };
      cells.push({ r, f, customers: c.customers, monetary: c.monetary, segment: bySeg.size === 1 ? [...bySeg][0] : null });
    }
  const summary: SegmentSummary[] = [
    ...segments.map((x) => ({ key: x.key, nameZh: x.nameZh, nameEn: x.nameEn })),
    { key: "", nameZh: "未分类", nameEn: "Unclassified" },
  ]
    .map((x) => {
      const g = seg.get(x.key) ?? { customers: 0, monetary: 0 };
      return { ...x, customers: g.customers, monetary: g.monetary, share: total > 0 ? g.monetary / total : null };
    })
    .filter((s) => s.key !== "" || s.customers > 0);
  return { cells, segments: summary };
}
