/** SQL of planning: targets, won amounts per period for attainment and trend, scenarios, and rep counts. */
import { type SqlBool, sql } from "kysely";
import type { Db } from "../db/connect";
import type { DbOrTx } from "../db/tx";
import type { Row } from "../db/schema";
import type { Viewer } from "../access/viewer";
import { visible } from "../access/visible";
import { and } from "../funnel/store-scope";
import { type ScenarioStep, scenarioTable } from "./scenario";

export type TargetScope = "user" | "team" | "company";

export function targetView(t: Row<"targets">) {
  return { id: t.id, scope: t.scope, scopeId: t.scope_id, period: t.period, amount_fen: t.amount_fen, units: t.units, updatedAt: t.updated_at, version: t.version };
}

/** Targets a viewer may read: an admin all; a manager the company's, their team's and its people's; a rep the company's, their team's and their own. */
export async function listTargets(db: Db, viewer: Viewer, f: { scope?: TargetScope; scopeId?: number; period?: string }) {
  let q = db.selectFrom("targets").selectAll().orderBy("period").orderBy("scope").orderBy("scope_id");
  if (f.scope) q = q.where("scope", "=", f.scope);
  if (f.scopeId != null) q = q.where("scope_id", "=", f.scopeId);
  if (f.period) q = q.where((eb) => eb.or([eb("period", "in", periodKeysWithin(f.period!)), eb("period", "like", /^\d{4}$/.test(f.period!) ? `${f.period}-%` : "-")]));
  if (viewer.role !== "admin") {
    const team = viewer.teamId ?? -1;
    q = q.where((eb) => eb.or([
      eb("scope", "=", "company"),
      eb.and([eb("scope", "=", "team"), eb("scope_id", "=", team)]),
      viewer.role === "manager"
        ? eb.and([eb("scope", "=", "user"), eb.or([eb("scope_id", "=", viewer.id), eb("scope_id", "in", eb.selectFrom("users").select("id").where("team_id", "=", team))])])
        : eb.and([eb("scope", "=", "user"), eb("scope_id", "=", viewer.id)]),
    ]));
  }
  return (await q.execute()).map(targetView);
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
  if (scope === "team") return sql<SqlBool>`o.owner_id in (select su.id from users su where su.team_id = ${scopeId ?? -1})`;
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

/** Active reps in a team (or all), for per-rep figures. */
export async function repCount(db: Db, f: { team?: number; owner?: number }): Promise<number> {
  if (f.owner) return 1;
  let q = db.selectFrom("users").select((eb) => eb.fn.countAll<number>().as("n")).where("role", "=", "rep").where("active", "=", 1);
  if (f.team) q = q.where("team_id", "=", f.team);
  return Number((await q.executeTakeFirst())?.n ?? 0);
}

export function scenarioView(s: Row<"funnel_scenarios">) {
  const steps = JSON.parse(s.steps) as ScenarioStep[];
  return {
    id: s.id, name: s.name, population: Number(s.population), price_fen: Number(s.price_fen), steps, createdBy: s.created_by,
    createdAt: s.created_at, updatedAt: s.updated_at, version: s.version, table: scenarioTable(Number(s.population), Number(s.price_fen), steps),
  };
}

export async function getScenario(db: DbOrTx, id: number) {
  return db.selectFrom("funnel_scenarios").selectAll().where("id", "=", id).executeTakeFirst();
}
