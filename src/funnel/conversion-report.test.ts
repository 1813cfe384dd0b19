import { expect, test } from "vitest";
import { conversionReport } from "./conversion-report";
import { ladder, type StageInfo } from "./ladder";

const st = (id: number, key: string, targetConversion: number | null = null, kind: StageInfo["kind"] = "open"): StageInfo => ({
  id,
  position: id,
  key,
  nameZh: key,
  nameEn: key,
  probability: 0,
  kind,
  stallDays: null,
  targetConversion,
});
// the seed's retail funnel: 寻找目标客户 → 引起兴趣 → 电话或当面咨询 → 询价并比较决策 → 最终购买 (won)
const retail = ladder([
  st(11, "find", 0.7),
  st(12, "interest", 0.7),
  st(13, "consult", 0.5),
  st(14, "quote", 0.5),
  st(15, "buy", null, "won"),
  st(16, "lost", null, "lost"),
]);

test("the seed's funnel against last period and against targets", () => {
  const r = conversionReport(retail, { reached: [100, 70, 40, 20, 10] }, { reached: [100, 80, 40, 20, 10] });
  expect(r.overall).toBe(0.1);
  expect(r.overallChange).toBe(0);
  expect(r.bottleneck).toMatchObject({ fromStageId: 12, toStageId: 13, lost: 30 });
  expect(r.bottleneck!.lossRatio).toBeCloseTo(0.4286, 4);
  // last period 80 → 40 lost 40/80 = 50 %; now 30/70 = 42.86 %: a change of −7.14 points
  expect(r.bottleneck!.previousLossRatio).toBe(0.5);
  expect(r.bottleneck!.lossRatioChange).toBeCloseTo(-0.0714, 4);
  expect(r.bottleneck!.sameAsPrevious).toBe(true);
  // target 70 % for interest → consult; actual 57.1 % is 12.9 points below, the worst shortfall
  expect(r.worstVsTarget!.fromStageId).toBe(12);
  expect(r.worstVsTarget!.vsTarget).toBeCloseTo(0.5714 - 0.7, 4);
  expect(r.steps[0].rateChange).toBeCloseTo(-0.1, 10); // 70 % vs 80 %
  expect(r.stages.map((s) => s.reached)).toEqual([100, 70, 40, 20, 10]);
});

test("without a previous period the comparisons are null, not zero", () => {
  const r = conversionReport(retail, { reached: [10, 5, 5, 5, 5] }, null);
  expect(r.previousOverall).toBeNull();
  expect(r.bottleneck!.sameAsPrevious).toBeNull();
  expect(r.bottleneck!.fromStageId).toBe(11);
});

test("an empty previous period (nothing entered, nothing lost) has no bottleneck: sameAsPrevious is null, not false", () => {
  const empty = conversionReport(retail, { reached: [10, 5, 5, 5, 5] }, { reached: [0, 0, 0, 0, 0] });
  expect(empty.bottleneck!.sameAsPrevious).toBeNull();
  expect(conversionReport(retail, { reached: [10, 5, 5, 5, 5] }, { reached: [] }).bottleneck!.sameAsPrevious).toBeNull();
  // a previous period whose bottleneck was another step is false
  expect(conversionReport(retail, { reached: [10, 5, 5, 5, 5] }, { reached: [10, 10, 10, 2, 2] }).bottleneck!.sameAsPrevious).toBe(false);
});
