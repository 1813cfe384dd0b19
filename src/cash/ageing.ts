/** Receivables ageing: what is owed, bucketed by days past the instalment's due date. */
import type { InstalmentState } from "./collections";

export const AGE_BUCKETS = ["not_due", "d0_30", "d31_60", "d61_90", "d90_plus"] as const;
export type AgeBucket = (typeof AGE_BUCKETS)[number];

/** Whole calendar days from `from` to `to` ("YYYY-MM-DD"). */
export function daysBetween(from: string, to: string): number {
  const [a, b] = [from, to].map((d) => {
    const [y, m, dd] = d.split("-").map(Number);
    return Date.UTC(y, m - 1, dd);
  });
  return Math.round((b - a) / 86_400_000);
}

/** Not yet due on or before the due date; then 1–30 days late is "0–30", 31–60, 61–90, and beyond 90. */
export function ageBucket(dueDate: string, today: string): AgeBucket {
  const late = daysBetween(dueDate, today);
  if (late <= 0) return "not_due";
  if (late <= 30) return "d0_30";
  if (late <= 60) return "d31_60";
  if (late <= 90) return "d61_90";
  return "d90_plus";
}

export interface AgeingLine {
  key: number | string;
  buckets: Record<AgeBucket, number>;
  totalFen: number;
}

const empty = (): Record<AgeBucket, number> => ({ not_due: 0, d0_30: 0, d31_60: 0, d61_90: 0, d90_plus: 0 });

/** Outstanding fen per bucket, grouped by a key (customer, owner, …), plus a total line keyed "total". */
export function ageing<K extends number | string>(
  items: ReadonlyArray<{ key: K; instalments: readonly InstalmentState[] }>,
  today: string,
): { lines: AgeingLine[]; total: AgeingLine } {
  const lines = new Map<K, AgeingLine>();
  const total: AgeingLine = { key: "total", buckets: empty(), totalFen: 0 };
  for (const it of items) {
    for (const i of it.instalments) {
      if (i.outstandingFen <= 0) continue;
      let l = lines.get(it.key);
      if (!l) {
        l = { key: it.key, buckets: empty(), totalFen: 0 };
        lines.set(it.key, l);
      }
      const b = ageBucket(i.dueDate, today);
      l.buckets[b] += i.outstandingFen;
      l.totalFen += i.outstandingFen;
      total.buckets[b] += i.outstandingFen;
      total.totalFen += i.outstandingFen;
    }
  }
  return { lines: [...lines.values()].sort((a, b) => b.totalFen - a.totalFen), total };
}
