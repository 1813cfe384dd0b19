/** The sales director's Friday view: movement since last week, the deals that moved it most, and commits at risk. */
import { DAY_MS } from "../core/dates";
import { CATEGORIES, type ForecastCategory, type ForecastLine } from "./sums";

/** The numbers of a scope as stored in a weekly snapshot (forecast_snapshots row). */
export interface SnapshotNumbers {
  commitFen: number;
  bestCaseFen: number;
  pipelineFen: number;
  omittedFen: number;
  weightedFen: number;
  wonFen: number;
}

export interface Movement {
  forecastFen: number;
  previousFen: number | null;
  deltaFen: number | null;
  wonDeltaFen: number | null;
  categories: Record<ForecastCategory, { weightedFen: number; previousFen: number | null; deltaFen: number | null }>;
}

const snapshotCategory = (s: SnapshotNumbers, c: ForecastCategory): number =>
  c === "commit" ? s.commitFen : c === "best_case" ? s.bestCaseFen : c === "pipeline" ? s.pipelineFen : s.omittedFen;

/** How a live forecast line moved since a snapshot (null fields when there is no earlier snapshot). */
export function movement(now: ForecastLine, previous: SnapshotNumbers | null): Movement {
  const prevTotal = previous ? previous.wonFen + previous.weightedFen : null;
  const categories = Object.fromEntries(
    CATEGORIES.map((c) => {
      const p = previous ? snapshotCategory(previous, c) : null;
      const w = now.categories[c].weightedFen;
      return [c, { weightedFen: w, previousFen: p, deltaFen: p === null ? null : w - p }];
    }),
  ) as Movement["categories"];
  return {
    forecastFen: now.forecastFen,
    previousFen: prevTotal,
    deltaFen: prevTotal === null ? null : now.forecastFen - prevTotal,
    wonDeltaFen: previous ? now.wonFen - previous.wonFen : null,
    categories,
  };
}

export type ChangeKind = "new" | "advanced" | "moved_back" | "won" | "lost" | "changed";

/** One deal's probability then (null when it did not exist yet) and now, from its stage events. */
export interface DealMove {
  opportunityId: number;
  title: string;
  ownerId: number;
  amountFen: number;
  probabilityThen: number | null;
  probabilityNow: number;
  status: "open" | "won" | "lost";
  lastKind: string | null;
}
export interface DealChange extends DealMove {
  kind: ChangeKind;
  deltaFen: number;
}

/** Weighted change of each deal (amount × Δprobability), the largest movements first in either direction. */
export function biggestChanges(moves: readonly DealMove[], n = 10): DealChange[] {
  return moves
    .map((m): DealChange => {
      const then = m.probabilityThen ?? 0;
      const now = m.status === "won" ? 100 : m.status === "lost" ? 0 : m.probabilityNow;
      const kind: ChangeKind =
        m.probabilityThen === null
          ? "new"
          : m.status === "won"
            ? "won"
            : m.status === "lost"
              ? "lost"
              : m.lastKind === "back" || now < then
                ? "moved_back"
                : now > then
                  ? "advanced"
                  : "changed";
      return { ...m, kind, deltaFen: Math.round((m.amountFen * (now - then)) / 100) };
    })
    .filter((c) => c.deltaFen !== 0 || c.kind === "won" || c.kind === "lost")
    .sort((a, b) => Math.abs(b.deltaFen) - Math.abs(a.deltaFen) || a.opportunityId - b.opportunityId)
    .slice(0, n);
}

export type RiskReason = "past_close_date" | "stalled" | "no_recent_activity";

export interface CommitDeal {
  expectedCloseDate: string | null;
  stageEnteredAt: number;
  /** the stage's stall threshold in days; null = the stage has none */
  stallDays: number | null;
  lastActivityAt: number | null;
}

/**
 * Why a committed deal may not land: its close date has passed (today is the organisation's local date),
 * it sits in its stage longer than the stage allows, or nobody touched it for `quietDays`.
 */
export function riskReasons(d: CommitDeal, today: string, now: number, quietDays = 14): RiskReason[] {
  const out: RiskReason[] = [];
  if (d.expectedCloseDate !== null && d.expectedCloseDate < today) out.push("past_close_date");
  if (d.stallDays !== null && now - d.stageEnteredAt > d.stallDays * DAY_MS) out.push("stalled");
  if (d.lastActivityAt === null || now - d.lastActivityAt > quietDays * DAY_MS) out.push("no_recent_activity");
  return out;
}
