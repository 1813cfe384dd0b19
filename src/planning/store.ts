/** SQL of planning: targets, won amounts per period for attainment and trend, scenarios, and rep counts. */
import { type SqlBool, sql } from "kysely";
import type { Db } from "../db/connect";
import type { DbOrTx } from "../db/tx";
import type { Row } from "../db/schema";
import type { Viewer } from "../access/viewer";
import { coversUser, visible } from "../access/visible";
import { targetReadable } from "../access/targets";
import { and } from "../funnel/store-scope";
import { type ScenarioStep, scenarioTable } from "./scenario";

export type TargetScope = "user" | "team" | "company";

export function targetView(t: Row<"targets">) {
  return {
    id: t.id,
    scope: t.scope,
    scopeId: t.scope_id,
    period: t.period,
    amount_fen: t.amount_fen,
    units: t.units,
    updatedAt: t.updated_at,
    version: t.version,
  };
}

/**
 * Targets a viewer may read, by their data scope: the company's; a department's ("team") when the scope covers the
 * department or it is the viewer's own; a person's when the scope covers the person.
 */
export async function listTargets(db: Db, viewer: Viewer, f: { scope?: TargetScope; scopeId?: number; period?: string }) {
  let q = db.selectFrom("targets").selectAll().orderBy("period").orderBy("scope").orderBy("scope_id");
  if (f.scope) q = q.where("scope", "=", f.scope);
  if (f.scopeId != null) q = q.where("scope_id", "=", f.scopeId);
  if (f.period)
    q = q.where((eb) => eb.or([eb("period", "in", periodKeysWithin(f.period!)), eb("period", "like", /^\d{4}$/.test(f.period!) ? `${f.period}-%` : "-")]));
  return (await q.where(targetReadable(viewer)).execute()).map(targetView);
}

/** A period key and the keys inside it: a quarter's three months; a year's quarters and months are matched by prefix. */
export function periodKeysWithin(period: string): string[] {
  const m = period.match(/^(\d{4})-Q([1-4])$/);
  if (!m) return [period];
  const first = (Number(m[2]) - 1) * 3 + 1;
  return [period, ...[0, 1, 2].map((i) => `${m[1]}-${String(first + i).padStart(2, "0")}`)];
}

/** Owner condition for a target's scope on opportunities aliased `o`. */
function scopeOwners(scope: TargetScope, scopeId: number | null) {
  if (scope === "user") return sql<SqlBool>`o.owner_id = ${scopeId ?? -1}`;
  // a "team" target is a department's (migration 070 made every team a department with its id): the deals of the
  // people in it and in every department below it
  if (scope === "team")
    return sql<SqlBool>`o.owner_id in (select su.id from users su where su.department_id in (select d.id from departments d, departments top where top.id = ${scopeId ?? -1} and d.path like top.path || '%'))`;
  return sql<SqlBool>`1 = 1`;
}

/**
 * Won amount and units per bucket [bounds[i], bounds[i+1]) for a target's scope, by the close time of deals won.
 * The viewer's visibility applies too, so a rep never learns others' sums through a company target.
 */
export async function wonPerBucket(db: Db, viewer: Viewer, scope: TargetScope, scopeId: number | null, bounds: readonly number[]) {
  const cases = bounds.slice(1).map((b, i) => sql`when o.closed_at < ${sql.lit(b)} then ${sql.lit(i)}`);
  const bucket = sql`(case ${sql.join(cases, sql` `)} end)`;
  const r = await sql<{ b: number; amount: number | null; units: number | null; n: number }>`
    select ${bucket} as b, sum(o.amount_fen) as amount, sum(o.units) as units, count(*) as n from opportunities o
    where o.status = 'won' and o.closed_at >= ${bounds[0]} and o.closed_at < ${bounds[bounds.length - 1]}
      and ${and([scopeOwners(scope, scopeId), visible(viewer, "o.owner_id", "o.id", "opportunity")])}
    group by ${bucket}`.execute(db);
  const out = bounds.slice(1).map(() => ({ amountFen: 0, units: 0, deals: 0 }));
  for (const x of r.rows) if (x.b != null) out[Number(x.b)] = { amountFen: Number(x.amount ?? 0), units: Number(x.units ?? 0), deals: Number(x.n) };
  return out;
}

/** Active reps the viewer's scope covers, in a team (or all), for per-rep figures. */
export async function repCount(db: Db, viewer: Viewer, f: { team?: number; owner?: number }): Promise<number> {
  if (f.owner) return 1;
  let q = db
    .selectFrom("users as u")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("u.role", "=", "rep")
    .where("u.active", "=", 1)
    .where(coversUser(viewer, "u.id"));
  if (f.team) q = q.where("u.team_id", "=", f.team);
  return Number((await q.executeTakeFirst())?.n ?? 0);
}

export function scenarioView(s: Row<"funnel_scenarios">) {
  const steps = JSON.parse(s.steps) as ScenarioStep[];
  return {
    id: s.id,
    name: s.name,
    population: Number(s.population),
    price_fen: Number(s.price_fen),
    steps,
    createdBy: s.created_by,
    createdAt: s.created_at,
    updatedAt: s.updated_at,
    version: s.version,
    table: scenarioTable(Number(s.population), Number(s.price_fen), steps),
  };
}

export async function getScenario(db: DbOrTx, id: number) {
  return db.selectFrom("funnel_scenarios").selectAll().where("id", "=", id).executeTakeFirst();
}
