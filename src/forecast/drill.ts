/**
 * The opportunities behind a forecast figure, as SQL conditions on the opportunity list (GET /opportunities and
 * /opportunities/totals): the period cut the forecast uses (open deals by expected close date, won and lost by
 * closed_at), the forecast category, and a "team" line (a department: the sellers `forecastOwners` rolls into it;
 * department 0 = the line without a department, which also holds deals of owners who are not covered sellers).
 */
import { type Expression, type SqlBool, sql } from "kysely";
import { localDate, type Period } from "../core/dates";
import type { Viewer } from "../access/viewer";
import { coversUser } from "../access/visible";
import { CATEGORIES } from "./sums";

export { CATEGORIES as DRILL_CATEGORIES };

export interface ForecastDrill {
  period?: Period;
  status?: "open" | "won" | "lost";
  category?: (typeof CATEGORIES)[number];
  department?: number;
}

/** Sellers of a department line exactly as forecastOwners lists them (active reps and managers the viewer's scope covers). */
function sellers(viewer: Viewer, withDepartment: Expression<SqlBool>): Expression<SqlBool> {
  return sql<SqlBool>`(select fu.id from users fu where fu.active = 1 and fu.role in ('rep', 'manager') and ${withDepartment} and ${coversUser(viewer, "fu.id")})`;
}

export function forecastDrillConditions(viewer: Viewer, d: ForecastDrill, tz: string): Expression<SqlBool>[] {
  const out: Expression<SqlBool>[] = [];
  if (d.period) {
    if (d.status === "won" || d.status === "lost") out.push(sql<SqlBool>`o.closed_at >= ${d.period.start} and o.closed_at < ${d.period.end}`);
    else out.push(sql<SqlBool>`o.expected_close_date >= ${localDate(d.period.start, tz)} and o.expected_close_date < ${localDate(d.period.end, tz)}`);
  }
  if (d.category) out.push(sql<SqlBool>`o.forecast_category = ${d.category}`);
  if (d.department !== undefined) {
    out.push(
      d.department === 0
        ? sql<SqlBool>`o.owner_id not in ${sellers(viewer, sql<SqlBool>`fu.department_id is not null`)}`
        : sql<SqlBool>`o.owner_id in ${sellers(viewer, sql<SqlBool>`fu.department_id = ${d.department}`)}`,
    );
  }
  return out;
}
