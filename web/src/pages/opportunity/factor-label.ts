/**
 * The prediction panel's label map: a win-model factor's value as a person reads it. The model stores categories as
 * codes (stage "project7/negotiate", tier "medium", source "inbound") and numbers as the model sees them (log1p of a
 * count, logit of a probability); every code becomes its zh-CN / en label and every number its own unit.
 */
import type { Pipeline } from "../../api/types";
import { money } from "../../format";

export interface FactorCtx {
  locale: "zh-CN" | "en";
  /** the dictionary look-up for a coded value: returns the key itself when there is no label */
  t(key: string): string;
  pipelines: readonly Pipeline[];
}

const label = (ctx: FactorCtx, prefix: string, v: string): string => {
  const key = `${prefix}.${v}`;
  const s = ctx.t(key);
  return s === key ? ctx.t("opp.factorOther") : s;
};

/** "pipelineKey/stageKey" → the stage's name (with its pipeline's when there are several), removed stages included. */
export function stageLabel(ctx: FactorCtx, v: string): string {
  const [pkey, skey] = v.split("/");
  const name = (x: { nameZh: string; nameEn: string }) => (ctx.locale === "en" ? x.nameEn || x.nameZh : x.nameZh || x.nameEn);
  const p = ctx.pipelines.find((x) => x.key === pkey);
  const s = p && [...p.stages, ...(p.archivedStages ?? [])].find((x) => x.key === skey);
  if (!p || !s) return ctx.t("opp.factorOther");
  return ctx.pipelines.filter((x) => x.kind === "deal").length > 1 ? `${name(p)} · ${name(s)}` : name(s);
}

const expm1 = (x: number) => Math.max(0, Math.round(Math.expm1(x)));
const pctOf = (x: number) => `${Math.round(x * 100)}%`;

/** A factor's value in the user's language; "" when the factor has none to show. */
export function factorValue(ctx: FactorCtx, name: string | undefined, v: unknown): string {
  if (v === undefined || v === null || v === "") return "";
  if (typeof v === "string") {
    if (name === "stage") return stageLabel(ctx, v);
    if (name === "source") return label(ctx, "src", v);
    if (name === "tier") return /[\u4e00-\u9fff]/.test(v) ? v : label(ctx, "size", v);
    return label(ctx, `feat.${name}`, v);
  }
  if (typeof v !== "number" || !Number.isFinite(v)) return "";
  switch (name) {
    case "stage_probability":
      return pctOf(1 / (1 + Math.exp(-v)));
    case "owner_win_rate":
      return pctOf(v);
    case "amount":
      return money(Math.round(Math.expm1(v) * 100), ctx.locale);
    case "age_days":
    case "days_in_stage":
      return `${expm1(v)} ${ctx.t("common.days")}`;
    case "activities":
    case "activities_30d":
    case "owner_closed":
      return String(expm1(v));
    default:
      return String(Math.round(v * 100) / 100);
  }
}
