/** Opportunity sources (D5, 销售机会的来源 of seed 001) and the per-source report. */
import { DAY_MS } from "../core/dates";

export const SOURCES = [
  { key: "cold_visit", nameZh: "陌生拜访", nameEn: "Cold visit", note: "new target, new person" },
  { key: "follow_up", nameZh: "跟踪", nameEn: "Follow-up", note: "new target, known person" },
  { key: "penetration", nameZh: "渗透", nameEn: "Penetration", note: "existing customer, new buyer" },
  { key: "cultivation", nameZh: "耕耘", nameEn: "Cultivation", note: "existing customer, repeat buyer" },
  { key: "inbound", nameZh: "主动咨询", nameEn: "Inbound", note: "direct enquiry or assigned" },
] as const;

export type SourceKey = (typeof SOURCES)[number]["key"];

/** Aggregated per source by SQL over the opportunities created in the period (source null → "unknown"). */
export interface SourceRow {
  source: string | null;
  created: number;
  amountFen: number;
  won: number;
  wonFen: number;
  lost: number;
  /** sum and count of creation-to-won durations of the won ones */
  cycleSumMs: number;
}

export interface SourceLine {
  source: string;
  nameZh: string;
  nameEn: string;
  created: number;
  amountFen: number;
  won: number;
  wonFen: number;
  lost: number;
  open: number;
  /** won ÷ created */
  conversion: number | null;
  /** won ÷ (won + lost) */
  winRate: number | null;
  avgWonFen: number | null;
  avgCycleDays: number | null;
  /** share of all won revenue */
  revenueShare: number | null;
}

/** One line per known source (zeros when none), then "unknown" when some opportunities have no source. */
export function sourceReport(rows: readonly SourceRow[]): SourceLine[] {
  const by = new Map(rows.map((r) => [r.source ?? "unknown", r]));
  const totalWon = rows.reduce((s, r) => s + r.wonFen, 0);
  const keys: { key: string; nameZh: string; nameEn: string }[] = [...SOURCES];
  for (const k of by.keys()) if (!keys.some((s) => s.key === k)) keys.push({ key: k, nameZh: k === "unknown" ? "未知" : k, nameEn: k });
  return keys.map((s) => {
    const r = by.get(s.key) ?? { source: s.key, created: 0, amountFen: 0, won: 0, wonFen: 0, lost: 0, cycleSumMs: 0 };
    return {
      source: s.key,
      nameZh: s.nameZh,
      nameEn: s.nameEn,
      created: r.created,
      amountFen: r.amountFen,
      won: r.won,
      wonFen: r.wonFen,
      lost: r.lost,
      open: r.created - r.won - r.lost,
      conversion: r.created ? r.won / r.created : null,
      winRate: r.won + r.lost ? r.won / (r.won + r.lost) : null,
      avgWonFen: r.won ? r.wonFen / r.won : null,
      avgCycleDays: r.won ? r.cycleSumMs / r.won / DAY_MS : null,
      revenueShare: totalWon ? r.wonFen / totalWon : null,
    };
  });
}
