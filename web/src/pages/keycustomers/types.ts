/** Shapes of the tiering reports (docs/key-customers.md). */
export interface ParetoSide {
  customers: number;
  total: number;
  topFraction: number;
  topCount: number;
  topShare: number;
  points: Array<{
    customerId: number;
    rank: number;
    value: number;
    cumulative: number;
    cumulativeShare: number;
    customerShare: number;
    abc: string;
    name: string;
  }>;
  classes: Record<"A" | "B" | "C", { customers: number; value: number; share: number }>;
  curve: Array<{ customerShare: number; valueShare: number }>;
}
export interface Pareto {
  window: { from: string; to: string };
  revenue: ParetoSide;
  profit: ParetoSide;
}
export interface Pyramid {
  customers: number;
  levels: Array<{ key: string; nameZh: string; nameEn: string; share: number; customers: number; revenue: number; profit: number; profitShare: number }>;
  places: Array<{ customerId: number; rank: number; tier: string; revenue: number; profit: number; name: string }>;
}
export interface Rfm {
  cells: Array<{ r: number; f: number; customers: number; monetary: number; segment: string }>;
  segments: Array<{ key: string; nameZh: string; nameEn: string; customers: number; monetary: number; share: number }>;
  scores: Array<{
    customerId: number;
    recencyDays: number;
    frequency: number;
    monetary: number;
    r: number;
    f: number;
    m: number;
    segment: string;
    name: string;
  }>;
}
export interface Kaism {
  criteria: unknown;
  cut: { attractiveness: number; strength: number };
  quadrants: Array<{ key: string; nameZh: string; nameEn: string; strategyZh: string; strategyEn: string; customers: number }>;
  places: Array<{ customerId: number; attractiveness: number; strength: number; quadrant: string; name: string }>;
}
export interface KeyAccounts {
  cells: Array<{ band: string; stage: string; customers: number; profit: number }>;
  signing: Array<{ bucket: string; customers: number; expectedProfit: number }>;
  places: Array<{ customerId: number; stage: string; profit: number; profitKind: string; band: string; signing: string | null; name: string }>;
}
