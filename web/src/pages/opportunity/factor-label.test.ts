/** The prediction panel's label map: no model code reaches the screen raw (issue 14: "project7/…" on the opportunity page). */
import { expect, test } from "vitest";
import type { Pipeline, Stage } from "../../api/types";
import { makeT } from "../../i18n";
import { type FactorCtx, factorValue } from "./factor-label";

const stage = (id: number, key: string, nameZh: string, nameEn: string) => ({ id, key, nameZh, nameEn }) as Stage;
const pipelines = [
  { id: 1, key: "crm5", nameZh: "五阶段", nameEn: "Five stages", kind: "deal", stages: [stage(1, "lead", "线索", "Lead")] },
  {
    id: 2,
    key: "project7",
    nameZh: "项目型",
    nameEn: "Project",
    kind: "deal",
    stages: [stage(2, "negotiate", "商务谈判", "Negotiation")],
    archivedStages: [stage(3, "old", "旧阶段", "Old stage")],
  },
] as Pipeline[];
const ctx = (locale: "zh-CN" | "en"): FactorCtx => ({ locale, t: makeT(locale) as (k: string) => string, pipelines });

test("categories read as their labels in zh-CN and en, removed stages included", () => {
  const zh = ctx("zh-CN"),
    en = ctx("en");
  expect(factorValue(zh, "stage", "project7/negotiate")).toBe("项目型 · 商务谈判");
  expect(factorValue(en, "stage", "project7/negotiate")).toBe("Project · Negotiation");
  expect(factorValue(zh, "stage", "project7/old")).toBe("项目型 · 旧阶段");
  expect(factorValue(zh, "tier", "medium")).toBe("中型");
  expect(factorValue(en, "tier", "large")).toBe("Large");
  expect(factorValue(zh, "tier", "中型")).toBe("中型"); // the import stores the Chinese band
  expect(factorValue(zh, "source", "inbound")).toBe("主动咨询");
  expect(factorValue(en, "source", "cold_visit")).toBe("Cold visit");
});

test("a code without a label reads 其他 / Other, never the code", () => {
  expect(factorValue(ctx("zh-CN"), "stage", "gone/nowhere")).toBe("其他");
  expect(factorValue(ctx("en"), "source", "fax")).toBe("Other");
  expect(factorValue(ctx("zh-CN"), "tier", "huge")).toBe("其他");
});

test("numbers undo the model's transform: log1p counts, logit probabilities, log1p yuan", () => {
  const zh = ctx("zh-CN");
  expect(factorValue(zh, "days_in_stage", Math.log1p(12))).toBe("12 天");
  expect(factorValue(zh, "activities_30d", Math.log1p(3))).toBe("3");
  expect(factorValue(zh, "stage_probability", Math.log(0.6 / 0.4))).toBe("60%");
  expect(factorValue(zh, "owner_win_rate", 0.25)).toBe("25%");
  expect(factorValue(zh, "amount", Math.log1p(500_000))).toBe("¥50万");
  expect(factorValue(zh, "back_moves", 2)).toBe("2");
  expect(factorValue(zh, "stage", null)).toBe("");
});
