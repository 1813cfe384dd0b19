/**
 * A customer's lifecycle stage (客户生命周期, seed 000) is a stage of the customer lifecycle pipeline: the value
 * is the stage key, and a stage's Chinese or English name is accepted for it. Pure.
 */
export interface LifecycleStage {
  key: string;
  nameZh: string;
  nameEn: string;
}

const fold = (s: string) =>
  s
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, " ");

/** The stage key a value names (key, Chinese or English name), or undefined when it names none. */
export function resolveLifecycleStage(stages: readonly LifecycleStage[], value: string): string | undefined {
  const v = fold(value);
  return stages.find((s) => fold(s.key) === v || fold(s.nameZh) === v || fold(s.nameEn) === v)?.key;
}
