/**
 * KAISM (关键客户识别与选择矩阵, McDonald, Rogers & Woodburn): customer attractiveness against our relative
 * strength with that customer, each a weighted score of 0–100 criteria, placed in four quadrants.
 */
import { weightedScore } from "./score-rule";

export interface Criterion {
  key: string;
  nameZh: string;
  nameEn: string;
  weight: number;
}

export interface KaismConfig {
  attractiveness: Criterion[];
  strength: Criterion[];
  /** a score at or above the cut is "high" */
  cut: { attractiveness: number; strength: number };
}

/** Defaults from seed 002's big-customer traits (购买次数频繁、单次采购数量多、采购长期化…). */
export const DEFAULT_KAISM: KaismConfig = {
  attractiveness: [
    { key: "volume", nameZh: "采购规模", nameEn: "Purchase volume", weight: 0.3 },
    { key: "frequency", nameZh: "采购频次", nameEn: "Purchase frequency", weight: 0.2 },
    { key: "growth", nameZh: "增长潜力", nameEn: "Growth", weight: 0.2 },
    { key: "profitability", nameZh: "盈利能力", nameEn: "Profitability", weight: 0.2 },
    { key: "fit", nameZh: "战略匹配", nameEn: "Strategic fit", weight: 0.1 },
  ],
  strength: [
    { key: "wallet", nameZh: "钱包份额", nameEn: "Share of wallet", weight: 0.4 },
    { key: "relationship", nameZh: "关系水平", nameEn: "Relationship level", weight: 0.3 },
    { key: "competitive", nameZh: "竞争地位", nameEn: "Competitive position", weight: 0.3 },
  ],
  cut: { attractiveness: 50, strength: 50 },
};

export type Quadrant = "target" | "development" | "maintenance" | "opportunistic";

export const QUADRANTS: Record<Quadrant, { nameZh: string; nameEn: string; strategyZh: string; strategyEn: string }> = {
  target: {
    nameZh: "关键目标客户",
    nameEn: "Key target",
    strategyZh: "重点投入资源,建立战略合作伙伴关系,配置专属客户团队,深化多层次联系",
    strategyEn: "Invest heavily: build a strategic partnership with a dedicated account team and relationships at every level",
  },
  development: {
    nameZh: "关键发展客户",
    nameEn: "Key development",
    strategyZh: "有选择地投入,提升钱包份额与关系水平,争取成为首选供应商",
    strategyEn: "Invest selectively to grow share of wallet and the relationship until we are the preferred supplier",
  },
  maintenance: {
    nameZh: "关键维持客户",
    nameEn: "Key maintenance",
    strategyZh: "维持现有关系,提高服务效率,控制服务成本",
    strategyEn: "Maintain the relationship efficiently and keep the cost to serve under control",
  },
  opportunistic: {
    nameZh: "机会型客户",
    nameEn: "Key opportunistic",
    strategyZh: "按需响应,标准化服务,减少专门投入",
    strategyEn: "Serve opportunistically with standard offers; avoid dedicated investment",
  },
};

export interface KaismInput {
  customerId: number;
  scores: Record<string, number | null>;
}
export interface KaismPlace {
  customerId: number;
  attractiveness: number | null;
  strength: number | null;
  quadrant: Quadrant | null;
  scores: Record<string, number | null>;
}

const weights = (cs: Criterion[]) => Object.fromEntries(cs.map((c) => [c.key, c.weight]));

export function quadrantOf(attractiveness: number, strength: number, cut = DEFAULT_KAISM.cut): Quadrant {
  const hiA = attractiveness >= cut.attractiveness,
    hiS = strength >= cut.strength;
  return hiA ? (hiS ? "target" : "development") : hiS ? "maintenance" : "opportunistic";
}

/** Places every customer; a customer without any scored criterion on an axis has no quadrant. */
export function kaism(rows: readonly KaismInput[], cfg: KaismConfig = DEFAULT_KAISM) {
  const places: KaismPlace[] = rows.map((r) => {
    const attractiveness = weightedScore(r.scores, weights(cfg.attractiveness));
    const strength = weightedScore(r.scores, weights(cfg.strength));
    const quadrant = attractiveness === null || strength === null ? null : quadrantOf(attractiveness, strength, cfg.cut);
    return { customerId: r.customerId, attractiveness, strength, quadrant, scores: r.scores };
  });
  const quadrants = (Object.keys(QUADRANTS) as Quadrant[]).map((q) => ({ key: q, ...QUADRANTS[q], customers: places.filter((p) => p.quadrant === q).length }));
  return { places, quadrants };
}
