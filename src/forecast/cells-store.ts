/**
 * The forecast's open sums per owner and category from the forecast_cells read model (src/readmodels/forecast-cells.ts):
 * the cells of the period's close months, for a scoped viewer those of the owners the scope covers (the primary key
 * leads with the owner), plus the open deals shared with the viewer whose owner the scope does not cover, read from
 * the opportunities themselves — the same rows as `visible()` over the deals (src/forecast/store.ts keeps that query).
 */
import { type Expression, type SqlBool, sql } from "kysely";
import { filterConditions, type CommonFilters } from "../access/filters";
import { coversUser, visible, visibleOwners } from "../access/visible";
import { scopeOf, type Viewer } from "../access/viewer";
import type { DbOrTx } from "../db/tx";
import type { ForecastCategory, OpenCell } from "./sums";

const MONTH_START = /^\d{4}-\d{2}-01$/;

/** True when the cells can answer: the period is whole months and the filters are ones the cells carry (owner, team). */
export function cellsAnswer(from: string, to: string, f: CommonFilters & { probability?: string }): boolean {
  if (!MONTH_START.test(from) || !MONTH_START.test(to)) return false;
  if (f.probability === "predicted") return false;
  return Object.entries(f).every(([k, v]) => v === undefined || k === "owner" || k === "team" || (k === "probability" && v === "stage"));
}

export async function openCellsFromModel(
  db: DbOrTx,
  viewer: Viewer,
  from: string,
  to: string,
  f: Pick<CommonFilters, "owner" | "team"> = {},
): Promise<OpenCell[]> {
  const narrow = filterConditions({ owner: f.owner, team: f.team }, { owner: "c.owner_id" });
  const cells = db
    .selectFrom("forecast_cells as c")
    .select([
      "c.owner_id",
      "c.forecast_category",
      sql<number>`sum(c.deals)`.as("n"),
      sql<number>`sum(c.amount_fen)`.as("amount"),
      sql<number>`sum(c.weighted_pct)`.as("amount_pct"),
    ])
    .where("c.close_month", ">=", from.slice(0, 7))
    .where("c.close_month", "<", to.slice(0, 7))
    .where(coversUser(viewer, "c.owner_id"))
    .where((eb) => eb.and(narrow))
    .groupBy(["c.owner_id", "c.forecast_category"]);
  const rows = [...(await cells.execute())];
  if (scopeOf(viewer) !== "all") rows.push(...(await sharedBeyondScope(db, viewer, from, to, f)));
  return rows.map((r) => ({
    ownerId: Number(r.owner_id),
    category: r.forecast_category as ForecastCategory,
    count: Number(r.n),
    amountFen: Number(r.amount),
    amountPctFen: Number(r.amount_pct),
  }));
}

/** Open deals of the period shared with the viewer whose owner the scope does not cover (their cells are not the viewer's). */
async function sharedBeyondScope(db: DbOrTx, viewer: Viewer, from: string, to: string, f: Pick<CommonFilters, "owner" | "team">) {
  const conds: Expression<SqlBool>[] = [
    visible(viewer, "o.owner_id", "o.id", "opportunity"),
    ...[visibleOwners(viewer, "o.owner_id", "opportunity")].filter((c) => c != null),
    sql<SqlBool>`not ${coversUser(viewer, "o.owner_id")}`,
    ...filterConditions({ owner: f.owner, team: f.team }, { owner: "o.owner_id" }),
  ];
  return db
    .selectFrom("opportunities as o")
    .innerJoin("stages as s", "s.id", "o.stage_id")
    .select([
      "o.owner_id",
      "o.forecast_category",
      (eb) => eb.fn.countAll<number>().as("n"),
      (eb) => eb.fn.sum<number>("o.amount_fen").as("amount"),
      sql<number>`sum(o.amount_fen * coalesce(o.probability_override, s.probability))`.as("amount_pct"),
    ])
    .where("o.status", "=", "open")
    .where("o.expected_close_date", ">=", from)
    .where("o.expected_close_date", "<", to)
    .where((eb) => eb.and(conds))
    .groupBy(["o.owner_id", "o.forecast_category"])
    .execute();
}
