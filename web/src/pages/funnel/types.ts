/** Shapes of the funnel reports (src/funnel/reports.ts). */
export interface Named {
  stageId: number;
  key: string;
  nameZh: string;
  nameEn: string;
}
export interface DrillOut {
  key: string;
  total: number;
  ids: number[];
}
export interface Snapshot {
  asOf: number;
  stages: Array<Named & { probability: number; count: number; amountFen: number; weightedFen: number }>;
  total: { count: number; amountFen: number; weightedFen: number };
  drill: DrillOut | null;
}
export interface Step {
  fromStageId: number;
  toStageId: number;
  rate: number | null;
  lost: number;
  lossRatio: number | null;
  previousRate: number | null;
  rateChange: number | null;
  targetRate: number | null;
  vsTarget: number | null;
}
export interface Conversion {
  view: string;
  period: { key: string };
  previousPeriod: { key: string };
  stages: Array<Named & { rank: number; reached: number; lostHere: number; openHere: number }>;
  steps: Step[];
  overall: number | null;
  previousOverall: number | null;
  overallChange: number | null;
  bottleneck: (Step & { previousLossRatio: number | null; lossRatioChange: number | null; sameAsPrevious: boolean }) | null;
  drill: DrillOut | null;
}
export interface Dist {
  count: number;
  meanDays: number | null;
  medianDays: number | null;
  p90Days: number | null;
}
export interface Cycle {
  periods: Array<{ key: string; stages: Array<Dist & { stageId: number }>; won: Dist }>;
  stages: Array<Named & Dist>;
  won: Dist;
}
export interface VelocityInputs {
  openCount: number;
  winRate: number;
  avgWonFen: number;
  avgCycleDays: number;
}
export interface Velocity {
  window: { key: string };
  inputs: VelocityInputs;
  closed: { won: number; lost: number; wonFen: number };
  perDayFen: number;
  perMonthFen: number;
  nextQuarter: { key: string; days: number };
  levers: Record<string, number>;
  whatIf: Array<{ lever: string; change: number; inputs: VelocityInputs; perDayFen: number; revenueFen: number; deltaFen: number }>;
}
export interface Sources {
  period: { key: string };
  sources: Array<{
    source: string;
    nameZh: string;
    nameEn: string;
    created: number;
    amountFen: number;
    won: number;
    wonFen: number;
    lost: number;
    open: number;
    conversion: number | null;
    winRate: number | null;
    avgWonFen: number | null;
    avgCycleDays: number | null;
    revenueShare: number | null;
  }>;
  drill: DrillOut | null;
}
export interface Indicator {
  value: number | null;
  previous: number | null;
  change: number | null;
  relativeChange: number | null;
}
export interface Health {
  period: { key: string };
  previousPeriod: { key: string };
  customerCount: Indicator;
  newCustomers: Indicator;
  quality: Indicator;
  averageOpenFen: Indicator;
  conversion: Indicator;
  cycleDays: Indicator;
}
