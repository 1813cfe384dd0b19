import { describe, expect, test } from "vitest";
import { AppError } from "../core/errors";
import { checkRemoval, checkStageOrder, insertAt, layout, type LiveStage, planPipeline, removalMoveKind, stageKey } from "./builder";

const fieldOf = (f: () => unknown): [string, string | undefined, unknown] => {
  try {
    f();
  } catch (e) {
    if (e instanceof AppError) return [e.code, e.field, e.params?.rule];
    throw e;
  }
  throw new Error("did not throw");
};

// The public CRM export of issue 12: Prospecting → Engaging → Won/Lost.
const outbound = {
  key: "outbound",
  nameZh: "外呼漏斗",
  nameEn: "Outbound",
  stages: [
    { nameZh: "寻找客户", nameEn: "Prospecting", probability: 10, checklist: ["已确认联系人"], actions: [{ textZh: "打电话", textEn: "Call" }] },
    { nameZh: "接洽", nameEn: "Engaging", probability: 40, definition: "In talks", stallDays: 14, ownerRole: "presales" },
  ],
};

describe("a pipeline built from scratch", () => {
  test("Prospecting → Engaging, then Won (100 %) and Lost (0 %) are added", () => {
    const rows = planPipeline(outbound);
    expect(rows.map((r) => [r.key, r.kind, r.probability])).toEqual([
      ["prospecting", "open", 10],
      ["engaging", "open", 40],
      ["won", "won", 100],
      ["lost", "lost", 0],
    ]);
    expect(rows[0].criteria).toEqual([{ textZh: "已确认联系人", textEn: "已确认联系人" }]);
    expect(rows[0].actions).toEqual([{ textZh: "打电话", textEn: "Call" }]);
    expect([rows[1].definitionZh, rows[1].definitionEn, rows[1].stallDays, rows[1].ownerRole]).toEqual(["In talks", "In talks", 14, "presales"]);
  });
  test("a customer pipeline gets no Won and Lost", () => {
    expect(planPipeline({ ...outbound, kind: "customer" }).map((r) => r.key)).toEqual(["prospecting", "engaging"]);
  });
  test("bad input names the field", () => {
    expect(fieldOf(() => planPipeline({ ...outbound, stages: [] }))).toEqual(["INVALID", "stages", "noStages"]);
    expect(fieldOf(() => planPipeline({ ...outbound, key: "X" }))).toEqual(["INVALID", "key", "pipelineKey"]);
    expect(fieldOf(() => planPipeline({ ...outbound, nameZh: " " }))).toEqual(["INVALID", "nameZh", "pipelineName"]);
    const bad = (patch: object, i = 1) => planPipeline({ ...outbound, stages: outbound.stages.map((s, j) => (j === i ? { ...s, ...patch } : s)) });
    expect(fieldOf(() => bad({ probability: 101 }))).toEqual(["INVALID", "stages.1.probability", "probability"]);
    expect(fieldOf(() => bad({ probability: -1 }))).toEqual(["INVALID", "stages.1.probability", "probability"]);
    expect(fieldOf(() => bad({ probability: 12.5 }))).toEqual(["INVALID", "stages.1.probability", "probability"]);
    expect(fieldOf(() => bad({ nameEn: "" }))).toEqual(["INVALID", "stages.1.nameEn", "stageName"]);
    expect(fieldOf(() => bad({ nameEn: "prospecting" }))).toEqual(["INVALID", "stages.1.nameEn", "duplicateStageName"]);
    expect(fieldOf(() => bad({ key: "won" }))).toEqual(["INVALID", "stages.1.key", "stageKey"]);
    expect(fieldOf(() => bad({ stallDays: 0 }))).toEqual(["INVALID", "stages.1.stallDays", "stallDays"]);
    expect(fieldOf(() => bad({ ownerRole: "boss" }))).toEqual(["INVALID", "stages.1.ownerRole", "ownerRole"]);
    expect(fieldOf(() => bad({ checklist: [""] }, 0))).toEqual(["INVALID", "stages.0.checklist.0", "itemText"]);
    expect(planPipeline({ ...outbound, stages: outbound.stages.map((s) => ({ ...s, probability: 0 })) })).toHaveLength(4); // 0 and 100 are in range
  });
  test("stage keys come from the English name, unique, never won or lost", () => {
    expect(stageKey("Needs analysis", new Set(), 0)).toBe("needs_analysis");
    expect(stageKey("Won", new Set(), 0)).toBe("won_2");
    expect(stageKey("报价", new Set(), 2)).toBe("stage_3");
    expect(stageKey("Quote", new Set(["quote", "quote_2"]), 0)).toBe("quote_3");
  });
});

// Open 1 (pos 0), 2 (pos 1), 3 (pos 2), Won 4, Lost 5.
const live: LiveStage[] = [
  { id: 1, key: "a", kind: "open", position: 0, nameEn: "A" },
  { id: 2, key: "b", kind: "open", position: 1, nameEn: "B" },
  { id: 3, key: "c", kind: "open", position: 2, nameEn: "C" },
  { id: 5, key: "lost", kind: "lost", position: 4, nameEn: "Lost" },
  { id: 4, key: "won", kind: "won", position: 3, nameEn: "Won" },
];

describe("stage order", () => {
  test("layout: open stages in the given order, then Won, then Lost", () => {
    expect(layout(live, [3, 1, 2])).toEqual([
      [3, 0],
      [1, 1],
      [2, 2],
      [4, 3],
      [5, 4],
    ]);
  });
  test("a new stage goes at its index among the open stages, last by default", () => {
    expect(insertAt(live, 9, 0)).toEqual([9, 1, 2, 3]);
    expect(insertAt(live, 9, 2)).toEqual([1, 2, 9, 3]);
    expect(insertAt(live, 9, undefined)).toEqual([1, 2, 3, 9]);
    expect(fieldOf(() => insertAt(live, 9, 4))).toEqual(["INVALID", "position", "position"]);
    expect(fieldOf(() => insertAt(live, 9, -1))).toEqual(["INVALID", "position", "position"]);
  });
  test("a reorder names every open stage once, and only those", () => {
    expect(checkStageOrder(live, [2, 3, 1])).toEqual([2, 3, 1]);
    expect(fieldOf(() => checkStageOrder(live, [2, 3]))).toEqual(["INVALID", "stageIds", "stageOrderMissing"]);
    expect(fieldOf(() => checkStageOrder(live, [2, 3, 1, 1]))).toEqual(["INVALID", "stageIds", "stageOrderTwice"]);
    expect(fieldOf(() => checkStageOrder(live, [2, 3, 4]))).toEqual(["INVALID", "stageIds", "stageOrderUnknown"]);
  });
});

describe("stage removal", () => {
  test("an empty stage goes without a target; one holding deals needs moveTo", () => {
    expect(checkRemoval(live, 2, 0, undefined)).toBeNull();
    expect(fieldOf(() => checkRemoval(live, 2, 3, undefined))).toEqual(["RULE", "moveTo", "stageHoldsDeals"]);
    expect(checkRemoval(live, 2, 3, 3)).toBe(3);
  });
  test("the target is another open stage of the same pipeline", () => {
    expect(fieldOf(() => checkRemoval(live, 2, 3, 2))).toEqual(["INVALID", "moveTo", "moveToOther"]);
    expect(fieldOf(() => checkRemoval(live, 2, 3, 77))).toEqual(["INVALID", "moveTo", "moveToOther"]);
    expect(fieldOf(() => checkRemoval(live, 2, 3, 4))).toEqual(["INVALID", "moveTo", "moveToOpen"]);
  });
  test("Won, Lost and the last open stage stay", () => {
    expect(fieldOf(() => checkRemoval(live, 4, 0, undefined))).toEqual(["RULE", "id", "stageTerminal"]);
    expect(fieldOf(() => checkRemoval(live, 5, 0, undefined))).toEqual(["RULE", "id", "stageTerminal"]);
    expect(
      fieldOf(() =>
        checkRemoval(
          live.filter((s) => s.id === 1 || s.kind !== "open"),
          1,
          0,
          undefined,
        ),
      ),
    ).toEqual(["RULE", "id", "stageLast"]);
    expect(fieldOf(() => checkRemoval(live, 8, 0, undefined))).toEqual(["INVALID", "id", "stageUnknown"]);
  });
  test("moved forward is an advance, backward a back-move", () => {
    expect(removalMoveKind(live[1], live[2])).toBe("advance");
    expect(removalMoveKind(live[1], live[0])).toBe("back");
  });
});
