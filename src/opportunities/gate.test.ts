import { describe, expect, test } from "vitest";
import { AppError } from "../core/errors";
import { decideTransition, type GatePipeline, type GateState } from "./gate";

// 线索挖掘 → 合格 → 报价 → 协议 → 赢单 / 丢失 (seed 003), with a two-item checklist on 合格.
const stages = [
  { id: 1, position: 1, kind: "open" as const, criteriaIds: [], nameZh: "线索挖掘", nameEn: "Lead" },
  { id: 2, position: 2, kind: "open" as const, criteriaIds: [21, 22], nameZh: "合格", nameEn: "Qualified" },
  { id: 3, position: 3, kind: "open" as const, criteriaIds: [], nameZh: "报价", nameEn: "Quote" },
  { id: 4, position: 4, kind: "open" as const, criteriaIds: [41], nameZh: "协议", nameEn: "Agreement" },
  { id: 5, position: 5, kind: "won" as const, criteriaIds: [], nameZh: "赢单", nameEn: "Won" },
  { id: 6, position: 6, kind: "lost" as const, criteriaIds: [], nameZh: "丢失", nameEn: "Lost" },
];
const strict: GatePipeline = { skipRule: "strict", checklistRule: "strict", stages };
const warn: GatePipeline = { skipRule: "warn", checklistRule: "warn", stages };
const state = (over: Partial<GateState> = {}): GateState => ({
  status: "open",
  stageId: 1,
  checked: new Set(),
  evidence: { contractSigned: false, firstPaymentReceived: false },
  lostReasons: new Set(["competitor", "budget"]),
  ...over,
});
const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as AppError).code;
  }
  return "none";
};

describe("forward one stage at a time", () => {
  test("advance goes to the next stage", () => {
    expect(decideTransition(strict, state(), { action: "advance" })).toMatchObject({ kind: "advance", toStageId: 2, override: false });
  });
  test("线索挖掘 straight to 协议 is refused on a strict pipeline", () => {
    expect(code(() => decideTransition(strict, state(), { action: "advance", toStageId: 4 }))).toBe("STAGE_SKIPPED");
  });
  test("a warn pipeline allows the skip only with override, and records it", () => {
    expect(code(() => decideTransition(warn, state(), { action: "advance", toStageId: 3 }))).toBe("STAGE_SKIPPED");
    expect(decideTransition(warn, state(), { action: "advance", toStageId: 3, override: true })).toMatchObject({ toStageId: 3, override: true });
  });
});

describe("exit checklist", () => {
  test("an incomplete checklist blocks the move and lists what is missing", () => {
    try {
      decideTransition(strict, state({ stageId: 2, checked: new Set([21]) }), { action: "advance" });
      expect.unreachable();
    } catch (e) {
      expect((e as AppError).code).toBe("CHECKLIST_INCOMPLETE");
      expect((e as AppError).details).toMatchObject({ missing: [22] });
    }
  });
  test("a complete checklist lets it through", () => {
    expect(decideTransition(strict, state({ stageId: 2, checked: new Set([21, 22]) }), { action: "advance" }).toStageId).toBe(3);
  });
  test("warn: override needs a reason and is recorded", () => {
    const s = state({ stageId: 2 });
    expect(code(() => decideTransition(warn, s, { action: "advance", override: true }))).toBe("REASON_REQUIRED");
    expect(decideTransition(warn, s, { action: "advance", override: true, reason: "客户口头确认" })).toMatchObject({ override: true, reason: "客户口头确认" });
  });
});

describe("back, stay, won, lost, reopen", () => {
  test("back and stay need a reason", () => {
    expect(code(() => decideTransition(strict, state({ stageId: 3 }), { action: "back", toStageId: 2 }))).toBe("REASON_REQUIRED");
    expect(decideTransition(strict, state({ stageId: 3 }), { action: "back", toStageId: 2, reason: "预算重新评估" })).toMatchObject({
      kind: "back",
      toStageId: 2,
    });
    expect(code(() => decideTransition(strict, state({ stageId: 3 }), { action: "back", toStageId: 4, reason: "x" }))).toBe("INVALID");
    expect(decideTransition(strict, state({ stageId: 3 }), { action: "stay", reason: "等待客户内部审批" })).toMatchObject({ kind: "stay", toStageId: 3 });
    expect(code(() => decideTransition(strict, state({ stageId: 3 }), { action: "stay" }))).toBe("REASON_REQUIRED");
  });
  test("won needs the contract signed and the first payment received", () => {
    const at4 = { stageId: 4, checked: new Set([41]) };
    expect(code(() => decideTransition(strict, state(at4), { action: "won" }))).toBe("WON_NEEDS_PAYMENT");
    expect(code(() => decideTransition(strict, state({ ...at4, evidence: { contractSigned: true, firstPaymentReceived: false } }), { action: "won" }))).toBe(
      "WON_NEEDS_PAYMENT",
    );
    expect(decideTransition(strict, state({ ...at4, evidence: { contractSigned: true, firstPaymentReceived: true } }), { action: "won" })).toMatchObject({
      kind: "won",
      toStageId: 5,
      status: "won",
    });
  });
  test("won from an early stage is a skip", () => {
    const s = state({ stageId: 2, checked: new Set([21, 22]), evidence: { contractSigned: true, firstPaymentReceived: true } });
    expect(code(() => decideTransition(strict, s, { action: "won" }))).toBe("STAGE_SKIPPED");
  });
  test("lost needs a reason from the configured list", () => {
    expect(code(() => decideTransition(strict, state({ stageId: 3 }), { action: "lost" }))).toBe("LOST_NEEDS_REASON");
    expect(code(() => decideTransition(strict, state({ stageId: 3 }), { action: "lost", lostReason: "weather" }))).toBe("LOST_NEEDS_REASON");
    expect(decideTransition(strict, state({ stageId: 3 }), { action: "lost", lostReason: "competitor" })).toMatchObject({
      kind: "lost",
      toStageId: 6,
      lostReason: "competitor",
    });
  });
  test("a closed opportunity moves only by reopen, with a reason", () => {
    const closed = state({ status: "lost", stageId: 6, leftStageId: 3 });
    expect(code(() => decideTransition(strict, closed, { action: "advance" }))).toBe("RULE");
    expect(code(() => decideTransition(strict, closed, { action: "reopen", toStageId: 3 }))).toBe("REASON_REQUIRED");
    expect(decideTransition(strict, closed, { action: "reopen", toStageId: 3, reason: "客户重启项目" })).toMatchObject({
      kind: "reopen",
      status: "open",
      toStageId: 3,
    });
  });
});

describe("reopen returns to the stage it left, or goes through the gate", () => {
  const lostFrom2 = (over: Partial<GateState> = {}) => state({ status: "lost", stageId: 6, leftStageId: 2, ...over });
  test("without toStageId it returns to the stage it left", () => {
    expect(decideTransition(strict, lostFrom2(), { action: "reopen", reason: "客户重启项目" })).toMatchObject({
      kind: "reopen",
      toStageId: 2,
      override: false,
    });
  });
  test("to the stage it left or an earlier one needs only the reason", () => {
    expect(decideTransition(strict, lostFrom2(), { action: "reopen", toStageId: 1, reason: "从头再谈" })).toMatchObject({ toStageId: 1, override: false });
    expect(decideTransition(strict, lostFrom2(), { action: "reopen", toStageId: 2, reason: "重启" })).toMatchObject({ toStageId: 2 });
  });
  test("jumping past the stage it left is a skip on a strict pipeline, even with override", () => {
    const s = lostFrom2({ checked: new Set([21, 22]) });
    expect(code(() => decideTransition(strict, s, { action: "reopen", toStageId: 4, reason: "重启" }))).toBe("STAGE_SKIPPED");
    expect(code(() => decideTransition(strict, s, { action: "reopen", toStageId: 4, reason: "重启", override: true }))).toBe("STAGE_SKIPPED");
  });
  test("one stage past it needs the left stage's checklist", () => {
    expect(code(() => decideTransition(strict, lostFrom2({ checked: new Set([21]) }), { action: "reopen", toStageId: 3, reason: "重启" }))).toBe(
      "CHECKLIST_INCOMPLETE",
    );
    expect(
      code(() => decideTransition(strict, lostFrom2({ checked: new Set([21]) }), { action: "reopen", toStageId: 3, reason: "重启", override: true })),
    ).toBe("CHECKLIST_INCOMPLETE");
    expect(decideTransition(strict, lostFrom2({ checked: new Set([21, 22]) }), { action: "reopen", toStageId: 3, reason: "重启" })).toMatchObject({
      toStageId: 3,
      override: false,
    });
  });
  test("a warn pipeline lets it past with override, and records the override", () => {
    expect(code(() => decideTransition(warn, lostFrom2(), { action: "reopen", toStageId: 4, reason: "重启" }))).toBe("STAGE_SKIPPED");
    expect(decideTransition(warn, lostFrom2(), { action: "reopen", toStageId: 4, reason: "重启", override: true })).toMatchObject({
      toStageId: 4,
      override: true,
    });
    expect(decideTransition(warn, lostFrom2({ checked: new Set([21, 22]) }), { action: "reopen", toStageId: 3, reason: "重启" })).toMatchObject({
      toStageId: 3,
      override: false,
    });
    expect(decideTransition(warn, lostFrom2(), { action: "reopen", toStageId: 3, reason: "重启", override: true })).toMatchObject({
      toStageId: 3,
      override: true,
    });
  });
  test("a won deal (left from the last stage) reopens there; an unknown left stage counts as the last open one", () => {
    expect(decideTransition(strict, state({ status: "won", stageId: 5, leftStageId: 4 }), { action: "reopen", reason: "合同作废" })).toMatchObject({
      toStageId: 4,
    });
    expect(decideTransition(strict, state({ status: "won", stageId: 5, leftStageId: null }), { action: "reopen", reason: "合同作废" })).toMatchObject({
      toStageId: 4,
    });
  });
  test("reopen needs a reason, a closed deal, and an open target", () => {
    expect(code(() => decideTransition(strict, lostFrom2(), { action: "reopen" }))).toBe("REASON_REQUIRED");
    expect(code(() => decideTransition(strict, state(), { action: "reopen", reason: "x" }))).toBe("RULE");
    expect(code(() => decideTransition(strict, lostFrom2(), { action: "reopen", toStageId: 5, reason: "x" }))).toBe("INVALID");
  });
});
