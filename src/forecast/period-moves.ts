/**
 * The Friday view's "moved in, moved out, slipped": which deals entered or left the period's forecast this week and
 * why, from the week's close-date changes (the audit log), the deals created and the deals lost in it. Pure.
 *   moved in — now dated inside the period, and last week outside it (later: pulled in; earlier; undated) or new;
 *   slipped  — last week inside the period, now dated after it (pushed out);
 *   moved out — last week inside the period, now dated before it or undated, or lost this week.
 */

export type MoveList = "movedIn" | "movedOut" | "slipped";
export type MoveReason = "new" | "pulled_in" | "from_earlier" | "dated" | "pushed_out" | "pulled_earlier" | "undated" | "lost";

/** One audit row's close-date change of a deal. */
export interface CloseDateChange {
  opportunityId: number;
  at: number;
  id: number;
  before: string | null;
  after: string | null;
}
export interface MoveDeal {
  id: number;
  createdAt: number;
  status: "open" | "won" | "lost";
  closedAt: number | null;
  expectedCloseDate: string | null;
}
export interface PeriodMove {
  opportunityId: number;
  list: MoveList;
  reason: MoveReason;
  /** the close date a week ago (null: undated, or the deal is new) and now */
  fromDate: string | null;
  toDate: string | null;
}

/** Dates as YYYY-MM-DD; the period is [from, to). */
export function periodMoves(changes: readonly CloseDateChange[], deals: readonly MoveDeal[], w: { since: number; from: string; to: string }): PeriodMove[] {
  const inside = (d: string | null) => d !== null && d >= w.from && d < w.to;
  const byDeal = new Map<number, CloseDateChange[]>();
  for (const c of [...changes].sort((a, b) => a.at - b.at || a.id - b.id)) {
    const l = byDeal.get(c.opportunityId);
    if (l) l.push(c);
    else byDeal.set(c.opportunityId, [c]);
  }
  const out: PeriodMove[] = [];
  for (const d of [...deals].sort((a, b) => a.id - b.id)) {
    const cs = byDeal.get(d.id);
    const now = d.expectedCloseDate;
    const then = cs ? cs[0].before : now;
    const add = (list: MoveList, reason: MoveReason, fromDate = then) => out.push({ opportunityId: d.id, list, reason, fromDate, toDate: now });
    const lostThisWeek = d.status === "lost" && d.closedAt !== null && d.closedAt >= w.since;
    if (d.createdAt >= w.since) {
      if (inside(now) && !lostThisWeek) add("movedIn", "new", null);
    } else if (lostThisWeek) {
      if (inside(then) || inside(now)) add("movedOut", "lost");
    } else if (!inside(then) && inside(now)) add("movedIn", then === null ? "dated" : then >= w.to ? "pulled_in" : "from_earlier");
    else if (inside(then) && !inside(now)) {
      if (now !== null && now >= w.to) add("slipped", "pushed_out");
      else add("movedOut", now === null ? "undated" : "pulled_earlier");
    }
  }
  return out;
}
