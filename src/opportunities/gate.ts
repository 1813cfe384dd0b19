/**
 * The funnel's movement rules (MISSION C2–C4): forward one stage at a time, only with the current stage's
 * exit checklist complete (per pipeline: strict, or warn and record the override); back and stay with a
 * reason; Won only with a signed contract and the first payment received; Lost only with a reason; reopen
 * returns to the stage the opportunity left, or moves past it only as an advance from there would.
 */
import { AppError } from "../core/errors";
import type { StageEventKind } from "../db/schema";

export interface GateStage {
  id: number;
  position: number;
  kind: "open" | "won" | "lost";
  criteriaIds: number[];
  nameZh: string;
  nameEn: string;
}
export interface GatePipeline {
  skipRule: "strict" | "warn";
  checklistRule: "strict" | "warn";
  stages: GateStage[];
}

export type Action = "advance" | "back" | "stay" | "won" | "lost" | "reopen";

export interface TransitionRequest {
  action: Action;
  toStageId?: number;
  reason?: string;
  lostReason?: string;
  override?: boolean;
}

export interface GateState {
  status: "open" | "won" | "lost";
  stageId: number;
  /** criterion ids ticked on this opportunity */
  checked: ReadonlySet<number>;
  evidence: { contractSigned: boolean; firstPaymentReceived: boolean };
  lostReasons: ReadonlySet<string>;
  /** for a closed opportunity: the open stage it was in when it was won or lost (from its last event) */
  leftStageId?: number | null;
}

export interface Transition {
  kind: StageEventKind;
  toStageId: number;
  status: "open" | "won" | "lost";
  override: boolean;
  reason: string | null;
  lostReason: string | null;
}

export function decideTransition(p: GatePipeline, s: GateState, req: TransitionRequest): Transition {
  const open = p.stages.filter((st) => st.kind === "open").sort((a, b) => a.position - b.position);
  const current = p.stages.find((st) => st.id === s.stageId);
  if (!current) throw new AppError("RULE", "the opportunity's stage is not in its pipeline", undefined, undefined, { rule: "stageNotInPipeline" });
  const reason = req.reason?.trim() || null;
  const needReason = (what: string, rule: string) => {
    if (!reason) throw new AppError("REASON_REQUIRED", `${what} needs a reason`, "reason", undefined, { rule });
  };
  const mustBeOpen = () => {
    if (s.status !== "open")
      throw new AppError("RULE", `the opportunity is already ${s.status}; reopen it first`, "action", undefined, { rule: "closed", status: s.status });
  };
  const base = { override: false, reason, lostReason: null as string | null };

  switch (req.action) {
    case "advance": {
      mustBeOpen();
      const idx = open.findIndex((st) => st.id === current.id);
      const next = open[idx + 1];
      const target = req.toStageId != null ? open.find((st) => st.id === req.toStageId) : next;
      if (!target) {
        if (req.toStageId != null)
          throw new AppError("INVALID", "toStageId is not an open stage of this pipeline", "toStageId", undefined, { rule: "notOpenStage" });
        throw new AppError("RULE", "this is the last open stage: mark the opportunity won or lost", "action", undefined, { rule: "lastStage" });
      }
      if (target.position <= current.position)
        throw new AppError("INVALID", "advance goes forward; use back to move to an earlier stage", "toStageId", undefined, { rule: "advanceForward" });
      const skipped = target.id !== next.id;
      let override = false;
      if (skipped) override = allowSkip(p, req, current, next);
      const missing = missingCriteria(current, s.checked);
      if (missing.length) override = allowIncomplete(p, req, current, missing, reason) || override;
      return { ...base, kind: "advance", toStageId: target.id, status: "open", override };
    }
    case "back": {
      mustBeOpen();
      const target = open.find((st) => st.id === req.toStageId);
      if (!target || target.position >= current.position)
        throw new AppError("INVALID", "back needs toStageId: an earlier open stage", "toStageId", undefined, { rule: "backEarlier" });
      needReason("moving back", "back");
      return { ...base, kind: "back", toStageId: target.id, status: "open" };
    }
    case "stay": {
      mustBeOpen();
      needReason("staying in the stage", "stay");
      return { ...base, kind: "stay", toStageId: current.id, status: "open" };
    }
    case "won": {
      mustBeOpen();
      const won = p.stages.find((st) => st.kind === "won");
      if (!won) throw new AppError("RULE", "this pipeline has no Won stage", undefined, undefined, { rule: "noWonStage" });
      let override = false;
      const last = open[open.length - 1];
      if (current.id !== last.id) override = allowSkip(p, req, current, open[open.findIndex((st) => st.id === current.id) + 1]);
      const missing = missingCriteria(current, s.checked);
      if (missing.length) override = allowIncomplete(p, req, current, missing, reason) || override;
      if (!s.evidence.contractSigned || !s.evidence.firstPaymentReceived)
        throw new AppError(
          "WON_NEEDS_PAYMENT",
          "Won means the contract is signed and the first payment received (合同签订,收到预付款)",
          "contract",
          s.evidence,
          { contractSigned: s.evidence.contractSigned, firstPaymentReceived: s.evidence.firstPaymentReceived },
        );
      return { ...base, kind: "won", toStageId: won.id, status: "won", override };
    }
    case "lost": {
      mustBeOpen();
      const lost = p.stages.find((st) => st.kind === "lost");
      if (!lost) throw new AppError("RULE", "this pipeline has no Lost stage", undefined, undefined, { rule: "noLostStage" });
      if (!req.lostReason || !s.lostReasons.has(req.lostReason))
        throw new AppError(
          "LOST_NEEDS_REASON",
          "a lost opportunity needs a reason from the list",
          "lostReason",
          { allowed: [...s.lostReasons] },
          { rule: req.lostReason ? "unknownReason" : "missing" },
        );
      return { ...base, kind: "lost", toStageId: lost.id, status: "lost", lostReason: req.lostReason };
    }
    case "reopen": {
      if (s.status === "open") throw new AppError("RULE", "the opportunity is open already", "action", undefined, { rule: "alreadyOpen" });
      needReason("reopening", "reopen");
      const left = open.find((st) => st.id === s.leftStageId) ?? open[open.length - 1];
      const target = req.toStageId == null ? left : open.find((st) => st.id === req.toStageId);
      if (!target) throw new AppError("INVALID", "reopen's toStageId must be an open stage of this pipeline", "toStageId", undefined, { rule: "reopenTarget" });
      let override = false;
      if (target.position > left.position) {
        // Beyond the stage it left: exactly the rules of an advance from that stage.
        const next = open[open.findIndex((st) => st.id === left.id) + 1];
        if (target.id !== next.id) override = allowSkip(p, req, left, next);
        const missing = missingCriteria(left, s.checked);
        if (missing.length) override = allowIncomplete(p, req, left, missing, reason) || override;
      }
      return { ...base, kind: "reopen", toStageId: target.id, status: "open", override };
    }
  }
}

function missingCriteria(stage: GateStage, checked: ReadonlySet<number>): number[] {
  return stage.criteriaIds.filter((id) => !checked.has(id));
}

function allowSkip(p: GatePipeline, req: TransitionRequest, current: GateStage, next: GateStage): boolean {
  const message = `one stage at a time: from ${current.nameZh} the next stage is ${next.nameZh} (${next.nameEn})`;
  const params = { from: current.nameZh, fromEn: current.nameEn, next: next.nameZh, nextEn: next.nameEn };
  if (p.skipRule === "strict") throw new AppError("STAGE_SKIPPED", message, "toStageId", { nextStageId: next.id }, params);
  if (!req.override)
    throw new AppError(
      "STAGE_SKIPPED",
      `${message}; this pipeline allows it with override`,
      "override",
      { nextStageId: next.id, overridable: true },
      { ...params, rule: "overridable" },
    );
  return true;
}

function allowIncomplete(p: GatePipeline, req: TransitionRequest, stage: GateStage, missing: number[], reason: string | null): boolean {
  const details = { stageId: stage.id, missing, overridable: p.checklistRule === "warn" };
  const message = `the exit checklist (达标检查评估点) of ${stage.nameZh} is incomplete: ${missing.length} item(s) open`;
  const params = { stage: stage.nameZh, stageEn: stage.nameEn, missing: missing.length };
  if (p.checklistRule === "strict") throw new AppError("CHECKLIST_INCOMPLETE", message, "checks", details, params);
  if (!req.override)
    throw new AppError("CHECKLIST_INCOMPLETE", `${message}; this pipeline allows it with override and a reason`, "override", details, {
      ...params,
      rule: "overridable",
    });
  if (!reason) throw new AppError("REASON_REQUIRED", "overriding the checklist needs a reason", "reason", undefined, { rule: "override" });
  return true;
}
