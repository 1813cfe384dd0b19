import { expect, test } from "vitest";
import type { PipelineRef, StageRef } from "./lookups";
import { buildHistory, minimalPath, moveKind } from "./opportunity-path";

const st = (id: number, key: string, position: number, kind: StageRef["kind"] = "open"): StageRef => ({ id, key, nameZh: key, nameEn: key, position, kind });
const stages = [st(1, "lead", 0), st(2, "qualified", 1), st(3, "quote", 2), st(4, "won", 3, "won"), st(5, "lost", 4, "lost")];
const P: PipelineRef = { id: 1, key: "p", nameZh: "p", nameEn: "p", kind: "deal", stages, open: stages.slice(0, 3), won: stages[3], lost: stages[4] };

test("the minimal path: create, one advance per stage at created_at, lost at closed_at", () => {
  const { events, stageEnteredAt } = minimalPath(P, { held: stages[1], status: "lost", createdAt: 100, closedAt: 500, lostReason: "price", actorId: 7 });
  expect(events.map((e) => [e.kind, e.from, e.to, e.at])).toEqual([
    ["create", null, 1, 100],
    ["advance", 1, 2, 100],
    ["lost", 2, 5, 500],
  ]);
  expect(events[2].reason).toBe("price");
  expect(stageEnteredAt).toBe(500);
  expect(minimalPath(P, { held: stages[2], status: "open", createdAt: 100, closedAt: null, lostReason: null, actorId: 7 }).stageEnteredAt).toBe(100);
});

test("move kinds", () => {
  expect(moveKind(stages[0], stages[1])).toBe("advance");
  expect(moveKind(stages[2], stages[0])).toBe("back");
  expect(moveKind(stages[1], stages[1])).toBe("stay");
  expect(moveKind(stages[2], stages[3])).toBe("won");
  expect(moveKind(stages[4], stages[1])).toBe("reopen");
});

test("a history is ordered by time, stays do not move stage_entered_at, and the end must be the opportunity's stage", () => {
  const row = (n: number, from: StageRef | null, to: StageRef, at: number) => ({ row: n, from, to, at, kind: null, actorId: null, reason: null });
  const ok = buildHistory({ pipeline: P, stageId: 2, createdAt: 10, ownerId: 7 }, [row(3, stages[1], stages[1], 30), row(2, null, stages[1], 20)]);
  expect(ok.errors).toEqual([]);
  expect(ok.events.map((e) => e.kind)).toEqual(["create", "advance", "stay"]);
  expect(ok.stageEnteredAt).toBe(20);
  const wrongEnd = buildHistory({ pipeline: P, stageId: 3, createdAt: 10, ownerId: 7 }, [row(2, null, stages[1], 20)]);
  expect(wrongEnd.errors[0]).toMatchObject({ row: 2, column: "to_stage" });
  const early = buildHistory({ pipeline: P, stageId: 2, createdAt: 10, ownerId: 7 }, [row(2, null, stages[1], 5)]);
  expect(early.errors[0]).toMatchObject({ row: 2, column: "at" });
  const badKind = buildHistory({ pipeline: P, stageId: 1, createdAt: 10, ownerId: 7 }, [{ ...row(2, stages[0], stages[1], 20), kind: "back" }]);
  expect(badKind.errors[0].reason).toMatch(/back does not fit a move from lead to qualified/);
});
