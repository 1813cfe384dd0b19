/**
 * The gate's refusals in full — code, field, message and details — and the edges of each move, so that a
 * changed rule or a lost detail (what the web app shows, what it translates) fails a test.
 */
import { describe, expect, test } from "vitest";
import { AppError } from "../core/errors";
import { decideTransition, type GatePipeline, type GateStage, type GateState } from "./gate";

// seed 003's five stages, listed out of order on purpose: the gate must order them by position
const S = (id: number, position: number, kind: GateStage["kind"], criteriaIds: number[], nameZh: string, nameEn: string): GateStage => ({
  id,
  position,
  kind,
  criteriaIds,
  nameZh,
  nameEn,
});
const stages = [
  S(3, 3, "open", [], "报价", "Quote"),
  S(1, 1, "open", [], "线索挖掘", "Lead"),
  S(6, 6, "lost", [], "丢失", "Lost"),
  S(4, 4, "open", [41, 42], "协议", "Agreement"),
  S(2, 2, "open", [21, 22], "合格", "Qualified"),
  S(5, 5, "won", [], "赢单", "Won"),
];
const strict: GatePipeline = { skipRule: "strict", checklistRule: "strict", stages };
const warn: GatePipeline = { skipRule: "warn", checklistRule: "warn", stages };
const mixed: GatePipeline = { skipRule: "strict", checklistRule: "warn", stages };
const paid = { contractSigned: true, firstPaymentReceived: true };
const state = (over: Partial<GateState> = {}): GateState => ({
  status: "open",
  stageId: 1,
  checked: new Set(),
  evidence: { contractSigned: false, firstPaymentReceived: false },
  lostReasons: new Set(["competitor", "budget"]),
  ...over,
});
const err = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    const a = e as AppError;
    expect(a).toBeInstanceOf(AppError);
    expect(a.message.length).toBeGreaterThan(10);
    return { code: a.code, field: a.field, message: a.message, details: a.details };
  }
  throw new Error("expected a refusal");
};

describe("advance", () => {
  test("stages are taken in position order whatever the list order", () => {
    expect(decideTransition(strict, state(), { action: "advance" }).toStageId).toBe(2);
    expect(decideTransition(strict, state({ stageId: 3 }), { action: "advance" }).toStageId).toBe(4);
  });
  test("a stage outside the pipeline is a RULE error", () => {
    expect(err(() => decideTransition(strict, state({ stageId: 99 }), { action: "advance" }))).toMatchObject({ code: "RULE", field: undefined });
  });
  test("toStageId that is not an open stage, the same stage, or an earlier one is INVALID on toStageId", () => {
    expect(err(() => decideTransition(strict, state(), { action: "advance", toStageId: 5 }))).toMatchObject({
      code: "INVALID",
      field: "toStageId",
      message: expect.stringMatching(/open stage/),
    });
    expect(err(() => decideTransition(strict, state({ stageId: 2 }), { action: "advance", toStageId: 2 }))).toMatchObject({
      code: "INVALID",
      field: "toStageId",
      message: expect.stringMatching(/back/),
    });
    expect(err(() => decideTransition(strict, state({ stageId: 3 }), { action: "advance", toStageId: 2 }))).toMatchObject({
      code: "INVALID",
      field: "toStageId",
    });
  });
  test("advancing from the last open stage says to win or lose", () => {
    expect(err(() => decideTransition(strict, state({ stageId: 4, checked: new Set([41, 42]) }), { action: "advance" }))).toMatchObject({
      code: "RULE",
      field: "action",
      message: expect.stringMatching(/won or lost/),
    });
  });
  test("a strict skip names the next stage and is not overridable, even with override", () => {
    const e = err(() => decideTransition(strict, state(), { action: "advance", toStageId: 3, override: true, reason: "x" }));
    expect(e).toMatchObject({ code: "STAGE_SKIPPED", field: "toStageId", details: { nextStageId: 2 } });
    expect(e.message).toContain("合格");
    expect(e.message).toContain("线索挖掘");
    expect(e.message).toContain("Qualified");
    expect(e.details).not.toHaveProperty("overridable");
  });
  test("a warn skip without override points at override and says it may be overridden", () => {
    expect(err(() => decideTransition(warn, state(), { action: "advance", toStageId: 3 }))).toMatchObject({
      code: "STAGE_SKIPPED",
      field: "override",
      details: { nextStageId: 2, overridable: true },
      message: expect.stringMatching(/override/),
    });
  });
  test("a strict checklist refusal lists the missing items, on checks, not overridable", () => {
    const e = err(() => decideTransition(strict, state({ stageId: 2, checked: new Set([22]) }), { action: "advance", override: true, reason: "x" }));
    expect(e).toEqual({
      code: "CHECKLIST_INCOMPLETE",
      field: "checks",
      message: expect.stringContaining("合格"),
      details: { stageId: 2, missing: [21], overridable: false },
    });
    expect(e.message).toContain("1 item");
  });
  test("a warn checklist refusal without override is on override, overridable; with override but no reason it needs a reason", () => {
    expect(err(() => decideTransition(warn, state({ stageId: 2 }), { action: "advance" }))).toEqual({
      code: "CHECKLIST_INCOMPLETE",
      field: "override",
      message: expect.stringMatching(/2 item.*override and a reason/),
      details: { stageId: 2, missing: [21, 22], overridable: true },
    });
    expect(err(() => decideTransition(warn, state({ stageId: 2 }), { action: "advance", override: true, reason: "  " }))).toMatchObject({
      code: "REASON_REQUIRED",
      field: "reason",
      message: expect.stringMatching(/checklist/),
    });
  });
  test("override is recorded only when a rule was overridden; the reason is trimmed", () => {
    expect(decideTransition(warn, state({ stageId: 2, checked: new Set([21, 22]) }), { action: "advance", override: true, reason: "  已确认  " })).toEqual({
      kind: "advance",
      toStageId: 3,
      status: "open",
      override: false,
      reason: "已确认",
      lostReason: null,
    });
    expect(decideTransition(warn, state({ stageId: 2, checked: new Set([21, 22]) }), { action: "advance", toStageId: 4, override: true })).toMatchObject({
      toStageId: 4,
      override: true,
      reason: null,
    });
    expect(decideTransition(warn, state({ stageId: 2 }), { action: "advance", toStageId: 4, override: true, reason: "r" })).toMatchObject({
      toStageId: 4,
      override: true,
    });
    // strict skip rule, warn checklist: a one-stage move past an incomplete checklist with override is allowed and recorded
    expect(decideTransition(mixed, state({ stageId: 2 }), { action: "advance", override: true, reason: "r" })).toMatchObject({ toStageId: 3, override: true });
  });
});

describe("back, stay, lost", () => {
  test("back needs an earlier open stage and a reason; it never records an override", () => {
    expect(err(() => decideTransition(strict, state({ stageId: 3 }), { action: "back", toStageId: 3, reason: "x" }))).toMatchObject({
      code: "INVALID",
      field: "toStageId",
      message: expect.stringMatching(/earlier/),
    });
    expect(err(() => decideTransition(strict, state({ stageId: 3 }), { action: "back", reason: "x" }))).toMatchObject({ code: "INVALID", field: "toStageId" });
    expect(err(() => decideTransition(strict, state({ stageId: 3 }), { action: "back", toStageId: 1 }))).toMatchObject({
      code: "REASON_REQUIRED",
      field: "reason",
      message: expect.stringMatching(/moving back/),
    });
    expect(decideTransition(strict, state({ stageId: 3 }), { action: "back", toStageId: 1, reason: "r", override: true })).toEqual({
      kind: "back",
      toStageId: 1,
      status: "open",
      override: false,
      reason: "r",
      lostReason: null,
    });
  });
  test("stay keeps the stage, needs a reason", () => {
    expect(err(() => decideTransition(strict, state({ stageId: 3 }), { action: "stay", reason: " " }))).toMatchObject({
      code: "REASON_REQUIRED",
      field: "reason",
      message: expect.stringMatching(/staying/),
    });
    expect(decideTransition(strict, state({ stageId: 3 }), { action: "stay", reason: "r" })).toEqual({
      kind: "stay",
      toStageId: 3,
      status: "open",
      override: false,
      reason: "r",
      lostReason: null,
    });
  });
  test("lost needs a listed reason and offers the list", () => {
    expect(err(() => decideTransition(strict, state(), { action: "lost", lostReason: "weather" }))).toEqual({
      code: "LOST_NEEDS_REASON",
      field: "lostReason",
      message: expect.stringMatching(/reason/),
      details: { allowed: ["competitor", "budget"] },
    });
    expect(decideTransition(strict, state({ stageId: 2 }), { action: "lost", lostReason: "budget", reason: "预算冻结" })).toEqual({
      kind: "lost",
      toStageId: 6,
      status: "lost",
      override: false,
      reason: "预算冻结",
      lostReason: "budget",
    });
  });
  test("a pipeline without a Lost or Won stage refuses those moves", () => {
    const noEnds: GatePipeline = { ...strict, stages: stages.filter((s) => s.kind === "open") };
    expect(err(() => decideTransition(noEnds, state(), { action: "lost", lostReason: "budget" }))).toMatchObject({
      code: "RULE",
      message: expect.stringMatching(/no Lost stage/),
    });
    expect(err(() => decideTransition(noEnds, state({ stageId: 4, checked: new Set([41, 42]), evidence: paid }), { action: "won" }))).toMatchObject({
      code: "RULE",
      message: expect.stringMatching(/no Won stage/),
    });
  });
  test("a closed deal refuses every move but reopen, on action", () => {
    for (const action of ["advance", "back", "stay", "won", "lost"] as const)
      expect(
        err(() => decideTransition(strict, state({ status: "won", stageId: 5 }), { action, toStageId: 1, reason: "r", lostReason: "budget" })),
      ).toMatchObject({ code: "RULE", field: "action", message: expect.stringMatching(/already won/) });
  });
});

describe("won", () => {
  const at4 = (over: Partial<GateState> = {}) => state({ stageId: 4, checked: new Set([41, 42]), evidence: paid, ...over });
  test("from the last stage with its checklist and the evidence: no override", () => {
    expect(decideTransition(strict, at4(), { action: "won", override: true, reason: "签约" })).toEqual({
      kind: "won",
      toStageId: 5,
      status: "won",
      override: false,
      reason: "签约",
      lostReason: null,
    });
  });
  test("with the last stage's checklist incomplete: strict refuses even with override; warn needs override and records it", () => {
    expect(err(() => decideTransition(strict, at4({ checked: new Set([41]) }), { action: "won", override: true, reason: "r" }))).toMatchObject({
      code: "CHECKLIST_INCOMPLETE",
      field: "checks",
      details: { stageId: 4, missing: [42] },
    });
    expect(err(() => decideTransition(warn, at4({ checked: new Set([41]) }), { action: "won" }))).toMatchObject({
      code: "CHECKLIST_INCOMPLETE",
      field: "override",
    });
    expect(decideTransition(warn, at4({ checked: new Set([41]) }), { action: "won", override: true, reason: "r" })).toMatchObject({
      status: "won",
      override: true,
    });
  });
  test("from an earlier stage it is a skip to the next stage: strict refuses, warn records the override", () => {
    const at3 = state({ stageId: 3, evidence: paid });
    expect(err(() => decideTransition(strict, at3, { action: "won", override: true }))).toMatchObject({ code: "STAGE_SKIPPED", details: { nextStageId: 4 } });
    expect(err(() => decideTransition(warn, at3, { action: "won" }))).toMatchObject({ code: "STAGE_SKIPPED", details: { nextStageId: 4, overridable: true } });
    expect(decideTransition(warn, at3, { action: "won", override: true })).toMatchObject({ status: "won", override: true });
    expect(decideTransition(warn, state({ stageId: 2, evidence: paid, checked: new Set([21, 22]) }), { action: "won", override: true })).toMatchObject({
      override: true,
    });
  });
  test("the evidence comes last and is reported on contract", () => {
    expect(err(() => decideTransition(strict, at4({ evidence: { contractSigned: true, firstPaymentReceived: false } }), { action: "won" }))).toEqual({
      code: "WON_NEEDS_PAYMENT",
      field: "contract",
      message: expect.stringContaining("合同签订"),
      details: { contractSigned: true, firstPaymentReceived: false },
    });
    expect(err(() => decideTransition(strict, at4({ evidence: { contractSigned: false, firstPaymentReceived: true } }), { action: "won" }))).toMatchObject({
      code: "WON_NEEDS_PAYMENT",
    });
  });
});

describe("reopen", () => {
  test("its refusals: open already (action), no reason (reason), not an open stage (toStageId)", () => {
    expect(err(() => decideTransition(strict, state(), { action: "reopen", reason: "r" }))).toMatchObject({
      code: "RULE",
      field: "action",
      message: expect.stringMatching(/open already/),
    });
    expect(err(() => decideTransition(strict, state({ status: "lost", stageId: 6, leftStageId: 2 }), { action: "reopen", reason: "" }))).toMatchObject({
      code: "REASON_REQUIRED",
      field: "reason",
      message: expect.stringMatching(/reopening/),
    });
    expect(
      err(() => decideTransition(strict, state({ status: "lost", stageId: 6, leftStageId: 2 }), { action: "reopen", toStageId: 6, reason: "r" })),
    ).toMatchObject({ code: "INVALID", field: "toStageId", message: expect.stringMatching(/open stage/) });
  });
  test("the result in full, back to the left stage and one past it", () => {
    expect(decideTransition(strict, state({ status: "lost", stageId: 6, leftStageId: 3 }), { action: "reopen", reason: "重启" })).toEqual({
      kind: "reopen",
      toStageId: 3,
      status: "open",
      override: false,
      reason: "重启",
      lostReason: null,
    });
    expect(decideTransition(mixed, state({ status: "lost", stageId: 6, leftStageId: 3 }), { action: "reopen", toStageId: 4, reason: "重启" })).toEqual({
      kind: "reopen",
      toStageId: 4,
      status: "open",
      override: false,
      reason: "重启",
      lostReason: null,
    });
    expect(
      err(() =>
        decideTransition(mixed, state({ status: "lost", stageId: 6, leftStageId: 1 }), { action: "reopen", toStageId: 3, reason: "r", override: true }),
      ),
    ).toMatchObject({ code: "STAGE_SKIPPED", details: { nextStageId: 2 } });
  });
});

describe("the params each refusal carries for the web app's translation", () => {
  const params = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      return (e as AppError).params;
    }
    throw new Error("expected a refusal");
  };
  test("rule names and the stage names and counts behind them", () => {
    expect(params(() => decideTransition(strict, state({ stageId: 99 }), { action: "advance" }))).toEqual({ rule: "stageNotInPipeline" });
    expect(params(() => decideTransition(strict, state({ status: "won" }), { action: "advance" }))).toEqual({ rule: "closed", status: "won" });
    expect(params(() => decideTransition(strict, state({ stageId: 2 }), { action: "back", toStageId: 1 }))).toEqual({ rule: "back" });
    expect(params(() => decideTransition(strict, state(), { action: "stay" }))).toEqual({ rule: "stay" });
    expect(params(() => decideTransition(strict, state({ status: "lost" }), { action: "reopen" }))).toEqual({ rule: "reopen" });
    expect(params(() => decideTransition(strict, state(), { action: "reopen", reason: "x" }))).toEqual({ rule: "alreadyOpen" });
    expect(params(() => decideTransition(strict, state({ stageId: 2 }), { action: "advance" }))).toEqual({ stage: "合格", stageEn: "Qualified", missing: 2 });
  });
});
