/**
 * The stage events an imported opportunity needs (MISSION C5: events are the truth of the funnel). Without a
 * history file: the minimal path — 'create' into the first stage at created_at, one 'advance' per stage up to
 * the stage it holds, and 'won'/'lost' at closed_at. With one: its rows, checked to form one unbroken chain
 * that ends where the opportunity is. Pure.
 */
import type { StageEventKind } from "../db/schema";
import type { RowError } from "./headers";
import type { PipelineRef, StageRef } from "./lookups";

export interface PathEvent {
  from: number | null;
  to: number;
  kind: StageEventKind;
  at: number;
  reason: string | null;
  actorId: number | null;
}

export interface MinimalPathInput {
  /** the open stage the opportunity holds (for won/lost: the one it was in when it closed) */
  held: StageRef;
  status: "open" | "won" | "lost";
  createdAt: number;
  closedAt: number | null;
  lostReason: string | null;
  actorId: number | null;
}

export function minimalPath(p: PipelineRef, o: MinimalPathInput): { events: PathEvent[]; stageEnteredAt: number } {
  const events: PathEvent[] = [{ from: null, to: p.open[0].id, kind: "create", at: o.createdAt, reason: null, actorId: o.actorId }];
  const upTo = p.open.findIndex((s) => s.id === o.held.id);
  for (let i = 1; i <= upTo; i++) events.push({ from: p.open[i - 1].id, to: p.open[i].id, kind: "advance", at: o.createdAt, reason: null, actorId: o.actorId });
  const end = o.status === "won" ? p.won : o.status === "lost" ? p.lost : undefined;
  if (end && o.closedAt != null) {
    events.push({
      from: o.held.id,
      to: end.id,
      kind: o.status as "won" | "lost",
      at: o.closedAt,
      reason: o.status === "lost" ? o.lostReason : null,
      actorId: o.actorId,
    });
    return { events, stageEnteredAt: o.closedAt };
  }
  return { events, stageEnteredAt: o.createdAt };
}

/** The kind of a move between two stages of one pipeline. */
export function moveKind(from: StageRef, to: StageRef): StageEventKind {
  if (to.kind === "won") return "won";
  if (to.kind === "lost") return "lost";
  if (from.kind !== "open") return "reopen";
  if (to.id === from.id) return "stay";
  return to.position > from.position ? "advance" : "back";
}

export interface HistoryRow {
  row: number;
  from: StageRef | null;
  to: StageRef;
  at: number;
  kind: StageEventKind | null;
  actorId: number | null;
  reason: string | null;
}

export interface HistoryTarget {
  pipeline: PipelineRef;
  stageId: number;
  createdAt: number;
  ownerId: number;
}

/**
 * Checks and orders one opportunity's history rows: each move starts where the previous one ended, the kind
 * fits the move, nothing happens before the opportunity was created, and the last move lands on its stage.
 */
export function buildHistory(t: HistoryTarget, rows: HistoryRow[]): { events: PathEvent[]; stageEnteredAt: number; errors: RowError[] } {
  const errors: RowError[] = [];
  const sorted = [...rows].sort((a, b) => a.at - b.at);
  const byId = new Map(t.pipeline.stages.map((s) => [s.id, s]));
  let events: PathEvent[] = [];
  let current = t.pipeline.open[0];
  let enteredAt = t.createdAt;
  sorted.forEach((r, i) => {
    if (r.kind === "create") {
      if (i !== 0) errors.push({ row: r.row, column: "kind", reason: "a create event must come first" });
      else if (r.to.kind !== "open") errors.push({ row: r.row, column: "to_stage", reason: "an opportunity is created in an open stage" });
      else {
        current = r.to;
        enteredAt = r.at;
        events = [{ from: null, to: r.to.id, kind: "create", at: r.at, reason: r.reason, actorId: r.actorId }];
      }
      return;
    }
    if (i === 0) events.push({ from: null, to: current.id, kind: "create", at: t.createdAt, reason: null, actorId: t.ownerId });
    if (r.at < t.createdAt) errors.push({ row: r.row, column: "at", reason: `before the opportunity was created (${new Date(t.createdAt).toISOString()})` });
    const from = r.from ?? current;
    if (from.id !== current.id) {
      errors.push({
        row: r.row,
        column: "from_stage",
        reason: `does not follow the previous move: the opportunity was in ${current.key} ${current.nameZh}, not ${from.key} ${from.nameZh}`,
      });
      return;
    }
    const kind = moveKind(from, r.to);
    if (r.kind && r.kind !== kind) {
      errors.push({ row: r.row, column: "kind", reason: `${r.kind} does not fit a move from ${from.key} to ${r.to.key} (that is ${kind})` });
      return;
    }
    events.push({ from: from.id, to: r.to.id, kind, at: r.at, reason: r.reason, actorId: r.actorId });
    if (kind !== "stay") {
      current = r.to;
      enteredAt = r.at;
    }
  });
  if (!errors.length && current.id !== t.stageId) {
    const last = sorted[sorted.length - 1];
    const held = byId.get(t.stageId);
    errors.push({
      row: last.row,
      column: "to_stage",
      reason: `the history ends in ${current.key} ${current.nameZh} but the opportunity is in ${held?.key ?? t.stageId} ${held?.nameZh ?? ""}`.trim(),
    });
  }
  return { events, stageEnteredAt: enteredAt, errors };
}
