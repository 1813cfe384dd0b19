/** The configurable cut-offs, weights and rules of every tiering report, with their defaults and zod schema. */
import { z } from "zod";
import { DEFAULT_GRADING } from "./grading";
import { DEFAULT_KAISM } from "./kaism";
import { DEFAULT_KEY_ACCOUNTS } from "./key-accounts";
import { DEFAULT_PRIORITY } from "./priority";
import { DEFAULT_PYRAMID } from "./pyramid";
import { DEFAULT_SEGMENTS } from "./rfm";

const score = z.number().min(0).max(100);
const range = z.tuple([z.number().int().min(1).max(5), z.number().int().min(1).max(5)]);
const ScoreRuleSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("percentile") }),
  z.object({ kind: z.literal("linear"), zero: z.number(), full: z.number() }),
  z.object({ kind: z.literal("steps"), steps: z.array(z.object({ min: z.number(), score })).min(1) }),
  z.object({ kind: z.literal("map"), scores: z.record(z.string(), score), otherwise: score }),
]);
const weight = z.number().min(0);
const names = {
  key: z
    .string()
    .regex(/^[\w-]+$/)
    .max(40),
  nameZh: z.string().min(1).max(40),
  nameEn: z.string().min(1).max(60),
};
const criterion = z.object({ ...names, weight });

export const TieringSettingsSchema = z.object({
  /** window of the value reports, in months ending at the as-of date */
  windowMonths: z.number().int().min(1).max(120),
  abc: z
    .object({ a: z.number().gt(0).max(1), b: z.number().gt(0).max(1), topFraction: z.number().gt(0).max(1) })
    .refine((v) => v.a <= v.b, "A cut must not exceed B cut"),
  pyramid: z
    .array(z.object({ ...names, share: z.number().gt(0).max(1) }))
    .min(1)
    .max(10)
    .refine((t) => Math.abs(t.reduce((s, x) => s + x.share, 0) - 1) < 1e-9, "tier shares must add up to 100 %"),
  grading: z.object({
    rules: z.object({ orderAmount: ScoreRuleSchema, profit: ScoreRuleSchema, credit: ScoreRuleSchema, prospect: ScoreRuleSchema }),
    weights: z.object({ orderAmount: weight, profit: weight, credit: weight, prospect: weight }),
    grades: z
      .array(z.object({ grade: z.string().min(1).max(10), min: score }))
      .min(1)
      .max(10),
  }),
  rfm: z.object({
    segments: z
      .array(z.object({ ...names, r: range, f: range, m: range.optional() }))
      .min(1)
      .max(30),
  }),
  kaism: z.object({
    attractiveness: z.array(criterion).min(1).max(12),
    strength: z.array(criterion).min(1).max(12),
    cut: z.object({ attractiveness: score, strength: score }),
  }),
  keyAccounts: z.object({ targetProbability: score, bands: z.object({ high: z.number().min(0).max(1), medium: z.number().min(0).max(1) }) }),
  priority: z.object({
    sizeRule: ScoreRuleSchema,
    weights: z.object({ size: weight, need: weight, intent: weight }),
    cuts: z.object({ high: score, medium: score }),
    revisitDays: z.object({ high: z.number().int().min(1).max(365), medium: z.number().int().min(1).max(365), low: z.number().int().min(1).max(365) }),
  }),
  clv: z.object({
    horizonMonths: z.number().int().min(1).max(120),
    monthlyDiscount: z.number().min(0).max(1),
    /** gross margin for expected profit of open deals and CLV; null: measured from the window's orders */
    margin: z.number().min(0).max(1).nullable(),
    /** expected lifespan in years for the simple CLV; null: 1 / annual churn */
    lifespanYears: z.number().positive().max(100).nullable(),
  }),
});
export type TieringSettings = z.infer<typeof TieringSettingsSchema>;

export const DEFAULT_TIERING: TieringSettings = {
  windowMonths: 12,
  abc: { a: 0.8, b: 0.95, topFraction: 0.2 },
  pyramid: DEFAULT_PYRAMID,
  grading: DEFAULT_GRADING,
  rfm: { segments: DEFAULT_SEGMENTS },
  kaism: DEFAULT_KAISM,
  keyAccounts: DEFAULT_KEY_ACCOUNTS,
  priority: DEFAULT_PRIORITY,
  clv: { horizonMonths: 12, monthlyDiscount: 0.01, margin: null, lifespanYears: null },
};

/** A stored section that fails the schema, or stored settings that are not JSON at all (section "*"). */
export interface SettingsProblem {
  section: string;
  message: string;
}

/**
 * Stored settings over the defaults, section by section (unknown sections are ignored). An invalid stored section is
 * an error naming it, unless `onInvalid` is given: then the problem is reported there and the section's default used
 * (the admin's save that replaces it does this, so a broken row can always be repaired).
 */
export function mergeSettings(stored: unknown, onInvalid?: (p: SettingsProblem) => void): TieringSettings {
  const out: Record<string, unknown> = { ...DEFAULT_TIERING };
  if (stored && typeof stored === "object") {
    const shape = TieringSettingsSchema.shape as Record<string, z.ZodType>;
    for (const [k, v] of Object.entries(stored)) {
      if (!(k in shape)) continue;
      const parsed = shape[k].safeParse(v);
      if (parsed.success) {
        out[k] = parsed.data;
        continue;
      }
      const issue = parsed.error.issues[0];
      const problem = { section: k, message: `${[k, ...issue.path].join(".")}: ${issue.message}` };
      if (!onInvalid) throw new Error(`stored tiering settings are invalid at ${problem.message}; an admin can save the section again in Settings`);
      onInvalid(problem);
    }
  }
  return out as TieringSettings;
}
