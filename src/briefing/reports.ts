/** 销售简报: one answer with everything a rep or a manager looks at first in the morning, all under the access rule. */
import type { Viewer } from "../access/viewer";
import { followUps } from "../activities/store";
import { localDate, periodOf } from "../core/dates";
import type { Db } from "../db/connect";
import { snapshotFor } from "../funnel/reports";
import { sql } from "kysely";
import { listOpportunities, opportunityTotals } from "../opportunities/store";
import { attainmentFor } from "../planning/reports";
import { forgottenCustomers, pipelineName, poolSoon, targetNames } from "./store";

export interface BriefingQuery {
  owner?: number;
  pipeline?: number;
  days: number;
}
export interface BriefingCtx {
  db: Db;
  viewer: Viewer;
  now: number;
  tz: string;
}

const LIST = 20;

export async function briefingFor(c: BriefingCtx, q: BriefingQuery) {
  const { db, viewer, now, tz } = c;
  const month = periodOf("month", now, tz);
  const monthFirst = localDate(month.start, tz);
  const monthLast = localDate(month.end - 1, tz);
  const who = q.owner ?? (viewer.role === "rep" ? viewer.id : undefined);
  const today = localDate(now, tz);
  // The open deals expected to close this month: the first LIST to show, their figures counted in SQL over all of them.
  const closingOf = { status: "open", owner: who, closeFrom: monthFirst, closeTo: monthLast, limit: LIST } as const;
  const [todo, forgotten, pool, closing, closingTotals, closingOverdue, attainment, funnel] = await Promise.all([
    followUps(db, viewer, q.owner, now, tz),
    forgottenCustomers(db, viewer, q.owner, q.days, now, LIST),
    poolSoon(db, viewer, q.owner, now, tz, LIST),
    listOpportunities(db, viewer, { ...closingOf, sort: "expected_close" }, now),
    opportunityTotals(db, viewer, closingOf),
    opportunityTotals(db, viewer, { ...closingOf, where: [sql<boolean>`o.expected_close_date < ${today}`] }),
    attainmentFor({ db, viewer, filters: {}, now, tz }, { period: month.key }),
    snapshotFor({ db, scope: { viewer, filters: { owner: who, pipeline: q.pipeline } }, now, tz }, {}),
  ]);
  // A rep's own target; a manager's team and its people; an admin's teams.
  const targets = attainment.items.filter((t) =>
    viewer.role === "rep" || who
      ? t.scope === "user" && t.scopeId === (who ?? viewer.id)
      : viewer.role === "manager"
        ? t.scope === "team"
          ? t.scopeId === viewer.teamId
          : t.scope === "user"
        : t.scope !== "user",
  );
  const [names, pipeName] = await Promise.all([targetNames(db, targets), pipelineName(db, funnel.pipeline.id)]);
  return {
    asOf: now,
    today,
    month: month.key,
    forgottenDays: q.days,
    todayVisits: todo.today,
    overdue: todo.overdue.slice(0, LIST),
    overdueCount: todo.overdueCount,
    stalled: todo.stalled.slice(0, LIST),
    stageActions: todo.stageActions.slice(0, LIST),
    forgotten,
    poolSoon: pool,
    closing: {
      from: monthFirst,
      to: monthLast,
      ...closingTotals,
      overdueCount: closingOverdue.count,
      items: closing.slice(0, LIST), // the list query reads one more row to see whether a next page exists
    },
    targets: { period: attainment.period, items: targets.map((t) => ({ ...t, name: names.get(`${t.scope}:${t.scopeId}`) ?? null })) },
    funnel: { pipeline: { id: funnel.pipeline.id, ...pipeName }, stages: funnel.stages, total: funnel.total },
  };
}
