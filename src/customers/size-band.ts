/** The customer size bands: one stored code each (large / medium / small) and the spellings import and API accept. */
export const SIZE_BANDS = ["large", "medium", "small"] as const;
export type SizeBand = (typeof SIZE_BANDS)[number];

/** Stored code first, then the spellings (compared case-insensitively, trimmed) that mean it. */
export const SIZE_BAND_SPELLINGS: ReadonlyArray<readonly [SizeBand, ...string[]]> = [
  ["large", "大型", "大", "大型企业", "大客户", "l"],
  ["medium", "中型", "中", "中型企业", "m"],
  ["small", "小型", "小", "小型企业", "小微", "小微企业", "s"],
];

const lookup = new Map<string, SizeBand>(SIZE_BAND_SPELLINGS.flatMap(([code, ...rest]) => [code, ...rest].map((s) => [s.toLowerCase(), code] as const)));

/** The stored code for a spelling; null for empty input; undefined when it is not a size band. */
export function normaliseSizeBand(raw: string | null | undefined): SizeBand | null | undefined {
  if (raw === null || raw === undefined || raw.trim() === "") return null;
  return lookup.get(raw.trim().toLowerCase());
}
