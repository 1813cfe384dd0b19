/** An opportunity's state as of a past instant, rebuilt from its stage events — the win model's leakage-free features. */
import { DAY_MS } from "../core/dates";
import type { FeatureRow } from "./features";

export interface StageEventLite {
  at: number;
  toStageId: number;
  kind: string;
}

/** What the store loads for one opportunity (events and activity times sorted ascending). */
export interface OpportunityHistory {
  id: number;
  ownerId: number;
  createdAt: number;
  /** null while open */
  closedAt: number | null;
  status: "open" | "won" | "lost";
  stageId: number;
  stageEnteredAt: number;
  amountFen: number;
  source: string | null;
  /** customer tier or segment known before the deal, e.g. "A", "KA", "SME" */
  tier: string | null;
  events: readonly StageEventLite[];
  activityTimes: readonly number[];
}

export interface StageInfo {
  id: number;
  label: string;
  probability: number;
}

/** Closed deals of one owner, sorted by close time, with the running count of wins. */
export interface OwnerRecord {
  closedAt: number[];
  wonSoFar: number[];
}

export interface StateAt {
  stageId: number;
  ageDays: number;
  daysInStage: number;
  backMoves: number;
  stageMoves: number;
  activities: number;
  activities30: number;
}

const countBefore = (sorted: readonly number[], t: number): number => {
  let lo = 0,
    hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
};

/** The stage, age and counts of an opportunity as they stood at instant t (strictly before t). */
export function stateAt(h: OpportunityHistory, t: number): StateAt {
  let stageId = h.stageId;
  let enteredAt = h.createdAt;
  let backMoves = 0,
    stageMoves = 0;
  const before = h.events.filter((e) => e.at < t);
  if (h.events.length > 0 && before.length === 0) stageId = h.events[0].toStageId; // created into its first stage
  for (const e of before) {
    if (e.kind === "stay") continue;
    if (e.toStageId !== stageId || e.kind === "create") {
      if (e.kind !== "create") stageMoves++;
      if (e.kind === "back") backMoves++;
      enteredAt = e.at;
      stageId = e.toStageId;
    }
  }
  if (h.events.length === 0) {
    stageId = h.stageId;
    enteredAt = Math.min(h.stageEnteredAt, t);
  }
  const activities = countBefore(h.activityTimes, t);
  return {
    stageId,
    ageDays: Math.max(0, (t - h.createdAt) / DAY_MS),
    daysInStage: Math.max(0, (t - enteredAt) / DAY_MS),
    backMoves,
    stageMoves,
    activities,
    activities30: activities - countBefore(h.activityTimes, t - 30 * DAY_MS),
  };
}

/** Each owner's closings in time order, from the closed histories. */
export function ownerRecords(histories: readonly OpportunityHistory[]): Map<number, OwnerRecord> {
  const closed = histories.filter((h) => h.closedAt !== null && h.status !== "open").sort((a, b) => a.closedAt! - b.closedAt!);
  const out = new Map<number, OwnerRecord>();
  for (const h of closed) {
    let r = out.get(h.ownerId);
    if (!r) {
      r = { closedAt: [], wonSoFar: [] };
      out.set(h.ownerId, r);
    }
    const prev = r.wonSoFar.length ? r.wonSoFar[r.wonSoFar.length - 1] : 0;
    r.closedAt.push(h.closedAt!);
    r.wonSoFar.push(prev + (h.status === "won" ? 1 : 0));
  }
  return out;
}

/** The owner's wins and closings before t. */
export function ownerRecordAt(r: OwnerRecord | undefined, t: number): { won: number; closed: number } {
  if (!r) return { won: 0, closed: 0 };
  const closed = countBefore(r.closedAt, t);
  return { won: closed ? r.wonSoFar[closed - 1] : 0, closed };
}

const logit = (pct: number) => {
  const p = Math.min(0.99, Math.max(0.01, pct / 100));
  return Math.log(p / (1 - p));
};

/** The model's named features at instant t. Amount, source and tier are the deal's current values (see docs). */
export function featureRow(h: OpportunityHistory, t: number, stage: StageInfo, owner: { won: number; closed: number }, s = stateAt(h, t)): FeatureRow {
  return {
    numeric: {
      stage_probability: logit(stage.probability),
      age_days: Math.log1p(s.ageDays),
      days_in_stage: Math.log1p(s.daysInStage),
      amount: Math.log1p(h.amountFen / 100),
      activities: Math.log1p(s.activities),
      activities_30d: Math.log1p(s.activities30),
      back_moves: s.backMoves,
      stage_moves: s.stageMoves,
      // Laplace-smoothed, so a new rep starts at 50 % rather than 0 or 1
      owner_win_rate: (owner.won + 1) / (owner.closed + 2),
      owner_closed: Math.log1p(owner.closed),
    },
    categorical: { stage: stage.label, source: h.source, tier: h.tier },
  };
}
