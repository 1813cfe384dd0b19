/** The shape of a pipeline template and the small builders the template files use. */

export type StageKind = "open" | "won" | "lost";
/** Who is responsible for a stage (阶段负责人). */
export type OwnerRole = "rep" | "manager" | "presales" | "project_team";

export interface Bilingual {
  zh: string;
  en: string;
}

export interface StageTemplate {
  key: string;
  name: Bilingual;
  /** win probability, integer percent 0–100 */
  probability: number;
  kind: StageKind;
  /** 状态说明 */
  definition: Bilingual;
  /** 达标检查评估点: exit checklist */
  criteria: Bilingual[];
  /** 主要销售动作: recommended actions */
  actions: Bilingual[];
  ownerRole: OwnerRole;
  stallDays: number | null;
  /** the expected share reaching the next open stage (0–1), when the source gives one */
  targetConversion?: number;
}

export interface PipelineTemplate {
  key: "crm5" | "probability" | "project7" | "solution" | "lifecycle" | "retail";
  name: Bilingual;
  kind: "deal" | "customer";
  /** which seed document it comes from */
  source: string;
  stages: StageTemplate[];
}

export interface LostReasonTemplate {
  key: string;
  name: Bilingual;
}

/** Shorthand used by the template files: [zh, en] pairs. */
export type Pair = readonly [string, string];
export const bi = ([zh, en]: Pair): Bilingual => ({ zh, en });

interface StageInput {
  key: string;
  zh: string;
  en: string;
  p: number;
  kind?: StageKind;
  def: Pair;
  criteria?: Pair[];
  actions?: Pair[];
  role?: OwnerRole;
  stall?: number | null;
  conv?: number;
}
export function stage(s: StageInput): StageTemplate {
  const t: StageTemplate = {
    key: s.key,
    name: { zh: s.zh, en: s.en },
    probability: s.p,
    kind: s.kind ?? "open",
    definition: bi(s.def),
    criteria: (s.criteria ?? []).map(bi),
    actions: (s.actions ?? []).map(bi),
    ownerRole: s.role ?? "rep",
    stallDays: s.stall ?? null,
  };
  if (s.conv !== undefined) t.targetConversion = s.conv;
  return t;
}

/** The terminal Lost stage every deal pipeline ends with. */
export function lostStage(zh = "丢单", en = "Lost"): StageTemplate {
  return stage({
    key: "lost",
    zh,
    en,
    p: 0,
    kind: "lost",
    def: [
      "客户没有购买,机会关闭(糖豆被甩出漏斗);须选择丢单原因。",
      "The customer did not buy and the opportunity is closed (the bean was shaken out of the funnel); a lost reason is required.",
    ],
    actions: [["复盘丢单原因并记录竞争对手信息", "Review why the deal was lost and record what is known about the competitor"]],
    role: "rep",
  });
}
