/** A pipeline's stages as the funnel reads them: open stages in order, then Won; Lost stands aside. */

export interface StageInfo {
  id: number;
  position: number;
  key: string;
  nameZh: string;
  nameEn: string;
  /** win probability, integer percent */
  probability: number;
  kind: "open" | "won" | "lost";
  stallDays: number | null;
  /** expected share (0–1) of the opportunities reaching this stage that go on to reach the next one */
  targetConversion: number | null;
}

export interface Ladder {
  /** open stages by position, then the won stage; `rank` = index + 1 */
  steps: StageInfo[];
  won: StageInfo | null;
  lost: StageInfo | null;
}

export function ladder(stages: readonly StageInfo[]): Ladder {
  const open = stages.filter((s) => s.kind === "open").sort((a, b) => a.position - b.position);
  const won = stages.find((s) => s.kind === "won") ?? null;
  const lost = stages.find((s) => s.kind === "lost") ?? null;
  return { steps: won ? [...open, won] : open, won, lost };
}

/** Rank 1…n of a stage on the ladder (Won is the last rank); 0 for Lost or an unknown stage. */
export function rankOf(l: Ladder, stageId: number | null): number {
  if (stageId == null) return 0;
  const i = l.steps.findIndex((s) => s.id === stageId);
  return i + 1;
}
