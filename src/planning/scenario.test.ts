import { expect, test } from "vitest";
import { SEED_SCENARIO_STEPS, scenarioTable } from "./scenario";

test("the seed's seven 90 % steps from 1,000,000 patients at ¥100", () => {
  const t = scenarioTable(1_000_000, 10_000, SEED_SCENARIO_STEPS);
  // by hand: 900,000 → 810,000 → 729,000 → 656,100 → 590,490 → 531,441 → 478,296.9 (= 0.9^7 of a million)
  expect(t.rows.map((r) => Math.round(r.count * 10) / 10)).toEqual([900_000, 810_000, 729_000, 656_100, 590_490, 531_441, 478_296.9]);
  // left behind at each step: 100,000, 90,000, 81,000, 72,900, 65,610, 59,049, 53,144.1
  expect(t.rows.map((r) => Math.round(r.remaining * 10) / 10)).toEqual([100_000, 90_000, 81_000, 72_900, 65_610, 59_049, 53_144.1]);
  expect(t.rows.map((r) => r.label)).toEqual(["疾病认知", "就诊率/购药率", "诊断率", "治疗方案", "产品价值", "差异化优势", "顺应性"]);
  // 478,296.9 buyers × ¥100 = ¥47,829,690 = 4,782,969,000 fen
  expect(t.revenueFen).toBe(4_782_969_000);
  expect(t.overall).toBeCloseTo(0.4782969, 9);
});

test("population rows like 覆盖人口 and 患者 are steps with their own ratio", () => {
  // 1,000万 people, 30 % covered, 2 % of those patients, then 50 % aware → 30,000 at ¥200 = ¥600万
  const t = scenarioTable(10_000_000, 20_000, [
    { label: "覆盖人口", ratio: 0.3 },
    { label: "患者", ratio: 0.02 },
    { label: "疾病认知", ratio: 0.5 },
  ]);
  expect(t.buyers).toBeCloseTo(30_000, 6);
  expect(t.revenueFen).toBe(600_000_000);
});
