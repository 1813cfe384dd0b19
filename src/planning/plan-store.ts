/** Targets and target-group scenarios in the database: who may write a target, and every write with its audit row in one transaction. */
import type { Viewer } from "../access/viewer";
import { requireRole } from "../access/viewer";
import { coversDepartment, coversUser } from "../access/visible";
import { audit, changes } from "../audit/log";
import { AppError, forbidden, notFound } from "../core/errors";
import type { Db } from "../db/connect";
import { type DbOrTx, inTx } from "../db/tx";
import { updateVersioned } from "../db/versioned";
import { getScenario, scenarioView, targetView } from "./store";
import { targetReadable } from "../access/targets";

type Scope = "user" | "team" | "company";

/**
 * Who may write a target: admins any; managers a department's ("team") and a person's that their data scope covers
 * (本部门: their departments; 本部门及下属部门: and those below; a person: anyone the scope covers). Others 403.
 */
async function assertCanWriteTarget(db: DbOrTx, viewer: Viewer, scope: Scope, scopeId: number | null) {
  requireRole(viewer, "admin", "manager");
  if (viewer.role === "admin") return;
  if (scopeId != null && scope === "team") {
    const d = await db.selectFrom("departments as d").select("d.id").where("d.id", "=", scopeId).where(coversDepartment(viewer, "d.id")).executeTakeFirst();
    if (d) return;
  }
  if (scopeId != null && scope === "user") {
    const u = await db.selectFrom("users as u").select("u.id").where("u.id", "=", scopeId).where(coversUser(viewer, "u.id")).executeTakeFirst();
    if (u) return;
  }
  throw forbidden("a manager sets targets only for the departments and people their data scope covers");
}

export interface NewTarget {
  scope: Scope;
  scopeId: number | null;
  period: string;
  amount_fen: number | null;
  units: number | null;
}

export async function createTarget(db: Db, viewer: Viewer, b: NewTarget, now: number) {
  await assertCanWriteTarget(db, viewer, b.scope, b.scopeId);
  return inTx(db, async (tx) => {
    let dup = tx.selectFrom("targets").select("id").where("scope", "=", b.scope).where("period", "=", b.period);
    dup = b.scopeId == null ? dup.where("scope_id", "is", null) : dup.where("scope_id", "=", b.scopeId);
    if (await dup.executeTakeFirst()) throw new AppError("DUPLICATE", `a ${b.scope} target for ${b.period} exists; update it instead`, "period");
    const r = await tx
      .insertInto("targets")
      .values({ scope: b.scope, scope_id: b.scopeId, period: b.period, amount_fen: b.amount_fen, units: b.units, updated_at: now })
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit(tx, viewer.id, "target", r.id, "create", { ...b }, now);
    return targetView(r);
  });
}

export async function updateTarget(db: Db, viewer: Viewer, id: number, version: number, p: { amount_fen?: number | null; units?: number | null }, now: number) {
  return inTx(db, async (tx) => {
    const cur = await tx.selectFrom("targets").selectAll().where("id", "=", id).where(targetReadable(viewer)).executeTakeFirst();
    if (!cur) throw notFound("target");
    await assertCanWriteTarget(tx, viewer, cur.scope, cur.scope_id);
    const patch = { amount_fen: p.amount_fen, units: p.units };
    await updateVersioned(tx, "targets", cur.id, version, { ...patch, updated_at: now }, "target");
    await audit(tx, viewer.id, "target", cur.id, "update", changes(cur, patch), now);
    return targetView(await tx.selectFrom("targets").selectAll().where("id", "=", cur.id).executeTakeFirstOrThrow());
  });
}

export async function deleteTarget(db: Db, viewer: Viewer, id: number, version: number, now: number): Promise<void> {
  await inTx(db, async (tx) => {
    const cur = await tx.selectFrom("targets").selectAll().where("id", "=", id).where(targetReadable(viewer)).executeTakeFirst();
    if (!cur) throw notFound("target");
    await assertCanWriteTarget(tx, viewer, cur.scope, cur.scope_id);
    if (cur.version !== version)
      throw new AppError(
        "VERSION_CONFLICT",
        `target was changed by someone else (your version ${version}, current ${cur.version}); reload and try again`,
        "version",
        { current: cur.version },
      );
    await tx.deleteFrom("targets").where("id", "=", cur.id).where("version", "=", version).execute();
    await audit(tx, viewer.id, "target", cur.id, "delete", targetView(cur), now);
  });
}

export async function listScenarios(db: DbOrTx) {
  return (await db.selectFrom("funnel_scenarios").selectAll().orderBy("name").execute()).map(scenarioView);
}

export interface ScenarioInput {
  name: string;
  population: number;
  price_fen: number;
  steps: Array<{ label: string; ratio: number }>;
}

export async function createScenario(db: Db, viewer: Viewer, b: ScenarioInput, now: number) {
  return inTx(db, async (tx) => {
    if (await tx.selectFrom("funnel_scenarios").select("id").where("name", "=", b.name).executeTakeFirst())
      throw new AppError("DUPLICATE", `a scenario named "${b.name}" exists`, "name");
    const r = await tx
      .insertInto("funnel_scenarios")
      .values({
        name: b.name,
        population: b.population,
        price_fen: b.price_fen,
        steps: JSON.stringify(b.steps),
        created_by: viewer.id,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit(tx, viewer.id, "funnel_scenario", r.id, "create", { ...b }, now);
    return scenarioView(r);
  });
}

export async function updateScenario(db: Db, viewer: Viewer, id: number, version: number, b: ScenarioInput, now: number) {
  return inTx(db, async (tx) => {
    const clash = await tx.selectFrom("funnel_scenarios").select("id").where("name", "=", b.name).where("id", "<>", id).executeTakeFirst();
    if (clash) throw new AppError("DUPLICATE", `a scenario named "${b.name}" exists`, "name");
    const patch = { name: b.name, population: b.population, price_fen: b.price_fen, steps: JSON.stringify(b.steps) };
    const before = await updateVersioned(tx, "funnel_scenarios", id, version, { ...patch, updated_at: now }, "scenario");
    await audit(tx, viewer.id, "funnel_scenario", id, "update", changes(before, patch), now);
    const s = await getScenario(tx, id);
    if (!s) throw notFound("scenario");
    return scenarioView(s);
  });
}

export async function deleteScenario(db: Db, viewer: Viewer, id: number, version: number, now: number): Promise<void> {
  await inTx(db, async (tx) => {
    const cur = await getScenario(tx, id);
    if (!cur) throw notFound("scenario");
    if (cur.version !== version)
      throw new AppError(
        "VERSION_CONFLICT",
        `scenario was changed by someone else (your version ${version}, current ${cur.version}); reload and try again`,
        "version",
        { current: cur.version },
      );
    await tx.deleteFrom("funnel_scenarios").where("id", "=", cur.id).execute();
    await audit(tx, viewer.id, "funnel_scenario", cur.id, "delete", { name: cur.name }, now);
  });
}
