/** The target-group funnel (E3, 目标客户群体漏斗 of seed 000): a population narrowed step by step down to buyers and revenue. */

export interface ScenarioStep {
  label: string;
  ratio: number;
}

export interface ScenarioRow {
  label: string;
  /** 比例: the share of the previous row that passes this step */
  ratio: number;
  /** 数量: how many pass this step (previous × ratio) */
  count: number;
  /** 剩余: how many this step leaves behind (previous − count) — the people this step's promotion must reach */
  remaining: number;
  /** 销售额: count × price, the revenue if everyone still in the funnel here bought */
  revenueFen: number;
}

export interface ScenarioTable {
  population: number;
  priceFen: number;
  rows: ScenarioRow[];
  /** the count after the last step */
  buyers: number;
  /** 销售额: buyers × price, rounded to the fen */
  revenueFen: number;
  /** buyers ÷ population */
  overall: number | null;
}

export function scenarioTable(population: number, priceFen: number, steps: readonly ScenarioStep[]): ScenarioTable {
  let prev = population;
  const rows = steps.map((s) => {
    const count = prev * s.ratio;
    const row = { label: s.label, ratio: s.ratio, count, remaining: prev - count, revenueFen: Math.round(count * priceFen) };
    prev = count;
    return row;
  });
  return { population, priceFen, rows, buyers: prev, revenueFen: Math.round(prev * priceFen), overall: population ? prev / population : null };
}

/** The seed's example: seven steps at 90 % each (the population and price are the user's; these are placeholders). */
export const SEED_SCENARIO_STEPS: ScenarioStep[] = [
  { label: "疾病认知", ratio: 0.9 },
  { label: "就诊率/购药率", ratio: 0.9 },
  { label: "诊断率", ratio: 0.9 },
  { label: "治疗方案", ratio: 0.9 },
  { label: "产品价值", ratio: 0.9 },
  { label: "差异化优势", ratio: 0.9 },
  { label: "顺应性", ratio: 0.9 },
];
