import { expect, test } from "vitest";
import { resolveLifecycleStage } from "./lifecycle";

// The customer lifecycle of seed 000: 潜在客户 → 崇拜者 → 潜在买家 → 客户 → 忠实客户 / 流失客户.
const stages = [
  { key: "prospect", nameZh: "潜在客户", nameEn: "Prospect" },
  { key: "potential_buyer", nameZh: "潜在买家", nameEn: "Potential buyer" },
  { key: "loyal", nameZh: "忠实客户", nameEn: "Loyal customer" },
];

test("a lifecycle value is a stage key, or a stage's Chinese or English name", () => {
  expect(resolveLifecycleStage(stages, "loyal")).toBe("loyal");
  expect(resolveLifecycleStage(stages, " 潜在买家 ")).toBe("potential_buyer");
  expect(resolveLifecycleStage(stages, "Potential Buyer")).toBe("potential_buyer");
  expect(resolveLifecycleStage(stages, "potential-buyer")).toBe("potential_buyer");
  expect(resolveLifecycleStage(stages, "VIP")).toBeUndefined();
  expect(resolveLifecycleStage(stages, "潜在")).toBeUndefined();
  expect(resolveLifecycleStage([], "prospect")).toBeUndefined();
});
