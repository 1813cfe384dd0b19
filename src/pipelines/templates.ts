/** The six shipped pipeline templates (MISSION B2) and the default lost reasons, as pure bilingual data. */
import type { LostReasonTemplate, PipelineTemplate } from "./template-model";
import { crm5, probability } from "./templates-funnel";
import { lifecycle, project7, retail, solution } from "./templates-sale";

export type { Bilingual, LostReasonTemplate, PipelineTemplate, StageTemplate } from "./template-model";

export const TEMPLATES: PipelineTemplate[] = [crm5, probability, project7, solution, lifecycle, retail];

export function templateByKey(key: string): PipelineTemplate | undefined {
  return TEMPLATES.find((t) => t.key === key);
}

/** The lost-reason list every installation starts with (configurable afterwards). */
export const LOST_REASONS: LostReasonTemplate[] = [
  { key: "competitor", name: { zh: "竞争对手", en: "Lost to a competitor" } },
  { key: "budget", name: { zh: "预算不足", en: "No budget" } },
  { key: "no_decision", name: { zh: "未决策/搁置", en: "No decision / shelved" } },
  { key: "timing", name: { zh: "时机不对", en: "Bad timing" } },
  { key: "price", name: { zh: "价格", en: "Price" } },
  { key: "product_fit", name: { zh: "产品不匹配", en: "Product does not fit" } },
  { key: "relationship", name: { zh: "关系/内线不足", en: "Weak relationship / no insider" } },
  { key: "other", name: { zh: "其他", en: "Other" } },
];
