/**
 * The key-account matrix of seed 002 (客户漏斗): customers by profit contribution against their funnel stage
 * (目标市场 → 潜在客户 → 目标客户 → 签约客户), and prospects by expected profit against expected signing time.
 */
import { competitionRanks } from "./rank";

export interface AccountFacts {
  customerId: number;
  /** signed: a won deal or an order (签约客户) */
  signed: boolean;
  /** profit of orders in the window (fen) */
  actualProfit: number;
  /** Σ open amount × probability × margin (fen) */
  expectedProfit: number;
  /** highest win probability among open opportunities (0–100), null without open opportunities */
  maxOpenProbability: number | null;
  /** earliest expected close date of the open opportunities, "YYYY-MM-DD" */
  earliestClose: string | null;
}

export type FunnelStage = "market" | "prospect" | "target" | "signed";
export const FUNNEL_STAGES: { key: FunnelStage; nameZh: string; nameEn: string }[] = [
  { key: "market", nameZh: "目标市场", nameEn: "Target market" },
  { key: "prospect", nameZh: "潜在客户", nameEn: "Prospect" },
  { key: "target", nameZh: "目标客户", nameEn: "Target customer" },
  { key: "signed", nameZh: "签约客户", nameEn: "Signed customer" },
];
export type ProfitBand = "high" | "medium" | "low";

export interface KeyAccountConfig {
  /** an open deal at or above this probability makes a prospect a target customer (明确购买意向、短期内有把握) */
  targetProbability: number;
  /** shares of customers, by profit rank, in the high and medium bands */
  bands: { high: number; medium: number };
}
export const DEFAULT_KEY_ACCOUNTS: KeyAccountConfig = { targetProbability: 50, bands: { high: 0.2, medium: 0.3 } };

export function stageOf(f: AccountFacts, targetProbability = DEFAULT_KEY_ACCOUNTS.targetProbability): FunnelStage {
  if (f.signed) return "signed";
  if (f.maxOpenProbability === null) return "market";
  return f.maxOpenProbability >= targetProbability ? "target" : "prospect";
}

export const SIGNING_BUCKETS = ["overdue", "0-1m", "1-3m", "3-6m", "6m+", "unknown"] as const;
export type SigningBucket = (typeof SIGNING_BUCKETS)[number];

/** Months (of 30.44 days) from the as-of date to the expected signing, bucketed. */
export function signingBucket(asOf: string, close: string | null): SigningBucket {
  if (!close) return "unknown";
  const months = (Date.parse(close) - Date.parse(asOf)) / 86_400_000 / 30.4375;
  if (months < 0) return "overdue";
  return months <= 1 ? "0-1m" : months <= 3 ? "1-3m" : months <= 6 ? "3-6m" : "6m+";
}

export interface AccountPlace {
  customerId: number;
  stage: FunnelStage;
  profit: number;
  profitKind: "actual" | "expected";
  band: ProfitBand;
  signing: SigningBucket | null;
}

/**
 * Signed customers are valued by actual profit, the others by expected profit from open deals. Bands are by
 * profit rank among all customers placed (ties share a band): the top 20 % high, the next 30 % medium.
 */
export function keyAccountMatrix(rows: readonly AccountFacts[], asOf: string, cfg: KeyAccountConfig = DEFAULT_KEY_ACCOUNTS) {
  const profit = rows.map((r) => (r.signed ? r.actualProfit : r.expectedProfit));
  const ranks = competitionRanks(profit, true);
  const n = rows.length;
  const places: AccountPlace[] = rows.map((r, i) => {
    const stage = stageOf(r, cfg.targetProbability);
    const band: ProfitBand =
      profit[i] <= 0
        ? "low"
        : ranks[i] - 1 < cfg.bands.high * n - 1e-9
          ? "high"
          : ranks[i] - 1 < (cfg.bands.high + cfg.bands.medium) * n - 1e-9
            ? "medium"
            : "low";
    return {
      customerId: r.customerId,
      stage,
      profit: profit[i],
      profitKind: r.signed ? "actual" : "expected",
      band,
      signing: stage === "signed" || stage === "market" ? null : signingBucket(asOf, r.earliestClose),
    };
  });
  const cells = (["high", "medium", "low"] as ProfitBand[]).flatMap((band) =>
    FUNNEL_STAGES.map(({ key }) => {
      const mine = places.filter((p) => p.band === band && p.stage === key);
      return { band, stage: key, customers: mine.length, profit: mine.reduce((s, p) => s + p.profit, 0) };
    }),
  );
  const prospects = places.filter((p) => p.signing !== null);
  const signing = SIGNING_BUCKETS.map((bucket) => {
    const mine = prospects.filter((p) => p.signing === bucket);
    return { bucket, customers: mine.length, expectedProfit: mine.reduce((s, p) => s + p.profit, 0) };
  });
  return { places, cells, signing };
}
