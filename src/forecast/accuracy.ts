/** Forecast accuracy: each snapshot's forecast against actual won — error, bias (over / under) and MAPE across periods. */

export type Scope = "user" | "team" | "company";

/** The system's (or a rep's submitted) forecast for a period at one weekly snapshot. */
export interface SnapshotForecast {
  period: string;
  week: string;
  takenAt: number;
  scope: Scope;
  scopeId: number | null;
  forecastFen: number;
}
/** What was actually won in a closed period. */
export interface ActualWon {
  period: string;
  scope: Scope;
  scopeId: number | null;
  wonFen: number;
}

export interface AccuracyPoint {
  week: string;
  takenAt: number;
  forecastFen: number;
  /** forecast − actual: positive = over-forecast */
  errorFen: number;
  /** (forecast − actual) / actual; null when nothing was won (the percentage is undefined) */
  pctError: number | null;
}

export interface PeriodAccuracy {
  period: string;
  actualFen: number;
  points: AccuracyPoint[];
  /** mean of |pctError| over the period's snapshots */
  absPctError: number | null;
  /** mean of pctError over the period's snapshots */
  signedPctError: number | null;
}

export type Direction = "over" | "under" | "on_target";

export interface ScopeAccuracy {
  scope: Scope;
  scopeId: number | null;
  periods: PeriodAccuracy[];
  /** mean over periods of each period's mean absolute percentage error */
  mape: number | null;
  /** mean over periods of each period's first snapshot's absolute percentage error (the early call) */
  mapeFirst: number | null;
  /** mean over periods of the signed percentage error: > 0 forecasts too high, < 0 too low */
  bias: number | null;
  direction: Direction | null;
  /** periods left out of the percentages because nothing was won */
  periodsWithoutActual: number;
}

/** Bias within ± this share counts as on target. */
export const BIAS_TOLERANCE = 0.05;

const mean = (xs: readonly number[]): number | null => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
const key = (scope: Scope, scopeId: number | null) => `${scope}:${scopeId ?? ""}`;

export function direction(bias: number | null, tolerance = BIAS_TOLERANCE): Direction | null {
  if (bias === null) return null;
  return bias > tolerance ? "over" : bias < -tolerance ? "under" : "on_target";
}

/**
 * Accuracy per scope over closed periods. Only periods with an actual are scored (an open period has none);
 * a period whose actual is zero keeps its fen errors but is left out of the percentages.
 */
export function forecastAccuracy(snapshots: readonly SnapshotForecast[], actuals: readonly ActualWon[]): ScopeAccuracy[] {
  const actual = new Map<string, number>();
  for (const a of actuals) actual.set(`${key(a.scope, a.scopeId)}|${a.period}`, a.wonFen);

  const groups = new Map<string, { scope: Scope; scopeId: number | null; periods: Map<string, SnapshotForecast[]> }>();
  for (const s of snapshots) {
    if (!actual.has(`${key(s.scope, s.scopeId)}|${s.period}`)) continue;
    const k = key(s.scope, s.scopeId);
    let g = groups.get(k);
    if (!g) {
      g = { scope: s.scope, scopeId: s.scopeId, periods: new Map() };
      groups.set(k, g);
    }
    const list = g.periods.get(s.period) ?? [];
    list.push(s);
    g.periods.set(s.period, list);
  }

  const out: ScopeAccuracy[] = [];
  for (const [k, g] of groups) {
    const periods: PeriodAccuracy[] = [...g.periods.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([period, snaps]) => {
        const actualFen = actual.get(`${k}|${period}`)!;
        const points = [...snaps]
          .sort((a, b) => a.takenAt - b.takenAt)
          .map(
            (s): AccuracyPoint => ({
              week: s.week,
              takenAt: s.takenAt,
              forecastFen: s.forecastFen,
              errorFen: s.forecastFen - actualFen,
              pctError: actualFen === 0 ? null : (s.forecastFen - actualFen) / actualFen,
            }),
          );
        const pcts = points.map((p) => p.pctError).filter((p): p is number => p !== null);
        return { period, actualFen, points, absPctError: mean(pcts.map(Math.abs)), signedPctError: mean(pcts) };
      });
    const scored = periods.filter((p) => p.absPctError !== null);
    const bias = mean(scored.map((p) => p.signedPctError!));
    out.push({
      scope: g.scope,
      scopeId: g.scopeId,
      periods,
      mape: mean(scored.map((p) => p.absPctError!)),
      mapeFirst: mean(scored.map((p) => Math.abs(p.points[0].pctError!))),
      bias,
      direction: direction(bias),
      periodsWithoutActual: periods.length - scored.length,
    });
  }
  const order: Record<Scope, number> = { company: 0, team: 1, user: 2 };
  return out.sort((a, b) => order[a.scope] - order[b.scope] || (a.scopeId ?? -1) - (b.scopeId ?? -1));
}
