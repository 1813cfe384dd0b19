/**
 * One opportunity's path through a pipeline, replayed from its stage events. It is the plain, row-by-row
 * reading of the funnel rules; the SQL reports must agree with it (the tests check that on both databases).
 */
import { type Ladder, rankOf } from "./ladder";

export interface JourneyEvent {
  id: number;
  fromStageId: number | null;
  toStageId: number;
  kind: "create" | "advance" | "back" | "stay" | "won" | "lost" | "reopen";
  at: number;
}

export interface Visit {
  stageId: number;
  enteredAt: number;
  leftAt: number | null;
}

const ordered = (events: readonly JourneyEvent[]) => [...events].sort((a, b) => a.at - b.at || a.id - b.id);

/** The stage the opportunity was in at instant `t` (events at `t` count), or null before its first event. */
export function stageAt(events: readonly JourneyEvent[], t: number): number | null {
  let stage: number | null = null;
  for (const e of ordered(events)) if (e.at <= t) stage = e.toStageId;
  return stage;
}

/** The furthest rank ever reached (Won is the top rank; Lost adds nothing), counting events up to `until`. */
export function furthestRank(events: readonly JourneyEvent[], l: Ladder, until = Infinity): number {
  let best = 0;
  for (const e of events) if (e.at <= until) best = Math.max(best, rankOf(l, e.toStageId));
  return best;
}

/** Stays in stages: a stay event does not end a visit; every other event ends the current one and starts the next. */
export function visits(events: readonly JourneyEvent[]): Visit[] {
  const out: Visit[] = [];
  for (const e of ordered(events)) {
    if (e.kind === "stay") continue;
    const cur = out[out.length - 1];
    if (cur) cur.leftAt = e.at;
    out.push({ stageId: e.toStageId, enteredAt: e.at, leftAt: null });
  }
  return out;
}

/**
 * Ranks the opportunity moved into, or past, going forward within [from, to): a create/advance/won event
 * from rank a to rank b passes ranks a+1…b. Back-moves, stays, losses and reopenings pass nothing.
 */
export function forwardRanks(events: readonly JourneyEvent[], l: Ladder, from: number, to: number): Set<number> {
  const out = new Set<number>();
  for (const e of events) {
    if (e.at < from || e.at >= to) continue;
    if (e.kind !== "create" && e.kind !== "advance" && e.kind !== "won") continue;
    const a = e.kind === "create" ? 0 : rankOf(l, e.fromStageId);
    const b = rankOf(l, e.toStageId);
    for (let r = a + 1; r <= b; r++) out.add(r);
  }
  return out;
}
