/** Forecast sums: amount × probability of open deals by forecast category plus won, rolled up rep → team → company. */

export const CATEGORIES = ["commit", "best_case", "pipeline", "omitted"] as const;
export type ForecastCategory = (typeof CATEGORIES)[number];

/** One row aggregated in SQL: the open opportunities of one owner and category expected to close in the period. */
export interface OpenCell {
  ownerId: number;
  category: ForecastCategory;
  count: number;
  amountFen: number;
  /** Σ amount_fen × probability in integer percent (so 1 000 fen at 25 % adds 25 000). */
  amountPctFen: number;
}

/** Won opportunities of one owner closed in the period. */
export interface WonCell {
  ownerId: number;
  count: number;
  amountFen: number;
}

/** A seller and the department whose line (scope "team") they roll up into. */
export interface Owner {
  id: number;
  departmentId: number | null;
}

export interface CategorySums {
  count: number;
  amountFen: number;
  weightedFen: number;
}

export interface ForecastLine {
  scope: "user" | "team" | "company";
  /** user or department id; null for the company, and for the "team" line of owners without a department */
  scopeId: number | null;
  categories: Record<ForecastCategory, CategorySums>;
  wonCount: number;
  wonFen: number;
  /** Σ amount × probability of open deals, omitted excluded */
  weightedFen: number;
  /** wonFen + weightedFen: the system's forecast */
  forecastFen: number;
}

export interface ForecastRollup {
  reps: ForecastLine[];
  teams: ForecastLine[];
  company: ForecastLine;
}

/** amount × probability of one deal, in whole fen. */
export const weighted = (amountFen: number, probabilityPct: number): number => Math.round((amountFen * probabilityPct) / 100);

/** The probability that counts: the opportunity's override when it has one, else its stage's. */
export const effectiveProbability = (stagePct: number, overridePct: number | null | undefined): number => overridePct ?? stagePct;

const emptyCategories = (): Record<ForecastCategory, CategorySums> => ({
  commit: { count: 0, amountFen: 0, weightedFen: 0 },
  best_case: { count: 0, amountFen: 0, weightedFen: 0 },
  pipeline: { count: 0, amountFen: 0, weightedFen: 0 },
  omitted: { count: 0, amountFen: 0, weightedFen: 0 },
});

const emptyLine = (scope: ForecastLine["scope"], scopeId: number | null): ForecastLine => ({
  scope,
  scopeId,
  categories: emptyCategories(),
  wonCount: 0,
  wonFen: 0,
  weightedFen: 0,
  forecastFen: 0,
});

function finish(line: ForecastLine): ForecastLine {
  const c = line.categories;
  line.weightedFen = c.commit.weightedFen + c.best_case.weightedFen + c.pipeline.weightedFen;
  line.forecastFen = line.wonFen + line.weightedFen;
  return line;
}

function addInto(target: ForecastLine, from: ForecastLine) {
  for (const k of CATEGORIES) {
    target.categories[k].count += from.categories[k].count;
    target.categories[k].amountFen += from.categories[k].amountFen;
    target.categories[k].weightedFen += from.categories[k].weightedFen;
  }
  target.wonCount += from.wonCount;
  target.wonFen += from.wonFen;
}

/**
 * Rolls SQL cells up to reps, teams and the company. Weighted amounts are rounded once per (owner, category)
 * and summed upward as integers, so every team is exactly the sum of its reps and the company of its teams.
 * Every owner in `owners` gets a line (zeros when they have nothing), so a rep with an empty quarter shows.
 */
export function rollUp(open: readonly OpenCell[], won: readonly WonCell[], owners: readonly Owner[]): ForecastRollup {
  const reps = new Map<number, ForecastLine>();
  const teamOf = new Map<number, number | null>();
  for (const o of owners) {
    reps.set(o.id, emptyLine("user", o.id));
    teamOf.set(o.id, o.departmentId);
  }
  const rep = (id: number) => {
    let l = reps.get(id);
    if (!l) {
      l = emptyLine("user", id);
      reps.set(id, l);
      teamOf.set(id, null);
    }
    return l;
  };
  for (const c of open) {
    const s = rep(c.ownerId).categories[c.category];
    s.count += c.count;
    s.amountFen += c.amountFen;
    s.weightedFen += Math.round(c.amountPctFen / 100);
  }
  for (const w of won) {
    const l = rep(w.ownerId);
    l.wonCount += w.count;
    l.wonFen += w.amountFen;
  }

  const teams = new Map<number | null, ForecastLine>();
  const company = emptyLine("company", null);
  for (const [id, line] of reps) {
    finish(line);
    const t = teamOf.get(id) ?? null;
    let tl = teams.get(t);
    if (!tl) {
      tl = emptyLine("team", t);
      teams.set(t, tl);
    }
    addInto(tl, line);
    addInto(company, line);
  }
  const byId = (a: ForecastLine, b: ForecastLine) => (a.scopeId ?? Infinity) - (b.scopeId ?? Infinity);
  return {
    reps: [...reps.values()].sort(byId),
    teams: [...teams.values()].map(finish).sort(byId),
    company: finish(company),
  };
}
