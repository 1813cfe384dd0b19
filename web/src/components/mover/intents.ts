/** What a user asks for when moving an opportunity, and the transition body it becomes. */
import type { Opportunity, Pipeline, Stage } from "../../api/types";

export type Intent = { action: "advance"; toStage: Stage } | { action: "back"; toStage: Stage } | { action: "stay" } | { action: "won" } | { action: "lost" };

export interface TransitionBody {
  version: number;
  action: "advance" | "back" | "stay" | "won" | "lost" | "reopen";
  toStageId?: number;
  reason?: string;
  lostReason?: string;
  override?: boolean;
  contract?: { number: string; signedAt: string; amountFen: number; firstPaymentFen: number; receivedAt: string; balanceDueDate?: string | null };
}

export const openStages = (p: Pipeline) => p.stages.filter((s) => s.kind === "open").sort((a, b) => a.position - b.position);

/** The intent of dropping a card of `opp` on `target` (a stage of the same pipeline). */
export function intentForDrop(p: Pipeline, opp: Opportunity, target: Stage): Intent | null {
  if (target.id === opp.stageId) return null;
  if (target.kind === "won") return { action: "won" };
  if (target.kind === "lost") return { action: "lost" };
  const from = p.stages.find((s) => s.id === opp.stageId);
  if (!from) return { action: "advance", toStage: target };
  return target.position > from.position ? { action: "advance", toStage: target } : { action: "back", toStage: target };
}

export function nextStage(p: Pipeline, opp: Opportunity): Stage | undefined {
  const open = openStages(p);
  const i = open.findIndex((s) => s.id === opp.stageId);
  return i >= 0 ? open[i + 1] : undefined;
}

export function previousStage(p: Pipeline, opp: Opportunity): Stage | undefined {
  const open = openStages(p);
  const i = open.findIndex((s) => s.id === opp.stageId);
  return i > 0 ? open[i - 1] : undefined;
}
