/**
 * The customer pyramid (客户金字塔): tiers by profit rank, default top 1 % / next 4 % / next 15 % / last 80 %; every
 * place in rank order, or only the first `limit` of them.
 */
import { firstInOrder } from "../core/first-in-order";
import { competitionRanks } from "./rank";

export interface PyramidTier {
  key: string;
  nameZh: string;
  nameEn: string /** share of customers, 0–1 */;
  share: number;
}

export const DEFAULT_PYRAMID: PyramidTier[] = [
  { key: "key", nameZh: "关键客户", nameEn: "Key", share: 0.01 },
  { key: "major", nameZh: "主要客户", nameEn: "Major", share: 0.04 },
  { key: "ordinary", nameZh: "普通客户", nameEn: "Ordinary", share: 0.15 },
  { key: "small", nameZh: "小客户", nameEn: "Small", share: 0.8 },
];

export interface CustomerProfit {
  customerId: number;
  revenue: number;
  profit: number;
}
export interface PyramidPlace {
  customerId: number;
  rank: number;
  tier: string;
  revenue: number;
  profit: number;
}
export interface PyramidLevel extends PyramidTier {
  customers: number;
  revenue: number;
  profit: number;
  profitShare: number | null;
}

/**
 * A customer of profit rank r (1 = most profitable, ties sharing a rank as SQL RANK()) among n belongs to the
 * first tier whose cumulative share s satisfies r − 1 < s·n: with n = 100, rank 1 is the top 1 %, ranks 2–5 the
 * next 4 %, 6–20 the next 15 %. Tied customers always land in the same tier.
 */
export function pyramid(rows: readonly CustomerProfit[], tiers: readonly PyramidTier[] = DEFAULT_PYRAMID, limit?: number) {
  if (tiers.length === 0) throw new RangeError("at least one tier");
  const sum = tiers.reduce((s, t) => s + t.share, 0);
  if (Math.abs(sum - 1) > 1e-9) throw new RangeError(`tier shares must add up to 100 %, got ${sum * 100} %`);
  const n = rows.length;
  const ranks = competitionRanks(
    rows.map((r) => r.profit),
    true,
  );
  const cum: number[] = [];
  tiers.reduce((s, t, i) => (cum[i] = s + t.share), 0);
  const sums = tiers.map(() => ({ customers: 0, revenue: 0, profit: 0 }));
  const all: PyramidPlace[] = rows.map((r, i) => {
    const k = cum.findIndex((c) => ranks[i] - 1 < c * n - 1e-9);
    const t = k === -1 ? tiers.length - 1 : k;
    sums[t].customers++;
    sums[t].revenue += r.revenue;
    sums[t].profit += r.profit;
    return { customerId: r.customerId, rank: ranks[i], tier: tiers[t].key, revenue: r.revenue, profit: r.profit };
  });
  // the listed places only (a bounded heap, src/core/first-in-order.ts), unless every place is asked for
  const byRank = (a: PyramidPlace, b: PyramidPlace) => a.rank - b.rank || a.customerId - b.customerId;
  const places = limit === undefined ? all.sort(byRank) : firstInOrder(all, limit, byRank);
  const totalProfit = rows.reduce((s, r) => s + r.profit, 0);
  const levels: PyramidLevel[] = tiers.map((t, i) => ({
    ...t,
    ...sums[i],
    profitShare: totalProfit > 0 ? sums[i].profit / totalProfit : null,
  }));
  return { customers: n, profit: totalProfit, levels, places };
}
