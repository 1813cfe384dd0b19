/**
 * The one-statement move write (move-store.ts) on both engines: it writes the row, the event, the stage visits and
 * the audit row together; a stale version writes nothing at all; and the visits equal their rebuild even when a
 * move is stamped earlier than the opportunity's last event (a clock stepped back) or at the same instant.
 */
import pg from "pg";
import { beforeAll, expect, test } from "vitest";
import { forEachDatabase } from "../db/testing";
import { seedPeople } from "../http/testing";
import { installDefaults } from "../pipelines/install";
import { modelRows, rebuild } from "../readmodels/rebuild";
import { createOpportunity } from "./record-store";
import { MOVE_COLUMNS, type MoveWrite, writeMove } from "./move-store";

const T0 = Date.parse("2026-06-01T02:00:00Z");
const HOUR = 3_600_000;

forEachDatabase("one-statement move write", (ctx) => {
  let admin = 0;
  let stages: number[] = [];
  let customerId = 0;
  let pipelineId = 0;
  beforeAll(async () => {
    const db = ctx().db;
    await installDefaults(db, T0);
    admin = (await seedPeople(db, T0)).admin;
    const p = await db.selectFrom("pipelines").select("id").where("key", "=", "crm5").executeTakeFirstOrThrow();
    pipelineId = p.id;
    stages = (await db.selectFrom("stages").select("id").where("pipeline_id", "=", p.id).where("kind", "=", "open").orderBy("position").execute()).map(
      (s) => s.id,
    );
    customerId = (
      await db
        .insertInto("customers")
        .values({ name: "写入测试", name_norm: "写入测试", owner_id: admin, tags: "[]", created_at: T0, updated_at: T0 } as never)
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
  }, 60_000);

  const viewer = () => ({ id: admin, role: "admin" as const, teamId: null, name: "a", email: "a@x", locale: "zh-CN" as const });
  const row = (id: number) => ctx().db.selectFrom("opportunities").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
  const visitsNow = async () => modelRows(ctx().db, "visits");
  const visitsRebuilt = async () => {
    let out: Record<string, unknown>[] = [];
    await ctx()
      .db.transaction()
      .execute(async (tx) => {
        await rebuild(tx, "visits");
        out = await modelRows(tx, "visits");
        throw new Rollback();
      })
      .catch((e) => {
        if (!(e instanceof Rollback)) throw e;
      });
    return out;
  };
  const move = async (id: number, to: number, kind: MoveWrite["kind"], at: number, version?: number) => {
    const before = await row(id);
    return writeMove(
      ctx().db,
      {
        id,
        version: version ?? before.version,
        fromStageId: before.stage_id,
        toStageId: to,
        status: "open",
        kind,
        reason: "测试",
        lostReason: null,
        override: true,
        actorId: admin,
        at,
        stageEnteredAt: to === before.stage_id ? before.stage_entered_at : at,
        closedAt: null,
        diff: { stage: [before.stage_id, to] },
      },
      Object.fromEntries(MOVE_COLUMNS.map((c) => [c, before[c]])) as Record<(typeof MOVE_COLUMNS)[number], unknown>,
    );
  };

  test("row, event, visits and audit written together; the returned row is the row in the database", async () => {
    const id = await createOpportunity(ctx().db, viewer(), { title: "一", amountFen: 100, customerId, pipelineId }, T0);
    const r = await move(id, stages[1], "advance", T0 + HOUR);
    const after = await row(id);
    expect(r).toEqual(Object.fromEntries(MOVE_COLUMNS.map((c) => [c, after[c]])));
    expect(r?.version).toBe(2);
    expect(r?.stage_id).toBe(stages[1]);
    const events = await ctx()
      .db.selectFrom("stage_events")
      .select(["kind", "from_stage_id", "to_stage_id", "at"])
      .where("opportunity_id", "=", id)
      .orderBy("id")
      .execute();
    expect(events.map((e) => [e.kind, e.from_stage_id, e.to_stage_id, Number(e.at)])).toEqual([
      ["create", null, stages[0], T0],
      ["advance", stages[0], stages[1], T0 + HOUR],
    ]);
    const audits = await ctx()
      .db.selectFrom("audit_log")
      .select(["action", "diff"])
      .where("entity", "=", "opportunity")
      .where("entity_id", "=", id)
      .orderBy("id")
      .execute();
    expect(audits.map((a) => [a.action, JSON.parse(a.diff).stage ?? null])).toEqual([
      ["create", null],
      ["advance", [stages[0], stages[1]]],
    ]);
    const visits = await ctx()
      .db.selectFrom("stage_visits")
      .select(["stage_id", "entered_at", "left_at", "left_kind"])
      .where("opportunity_id", "=", id)
      .orderBy("id")
      .execute();
    expect(visits.map((v) => [v.stage_id, Number(v.entered_at), v.left_at == null ? null : Number(v.left_at), v.left_kind])).toEqual([
      [stages[0], T0, T0 + HOUR, "advance"],
      [stages[1], T0 + HOUR, null, null],
    ]);
    expect(await visitsNow()).toEqual(await visitsRebuilt());
  });

  test("PostgreSQL: a move chosen as a deadlock's victim is sent again and lands once", async () => {
    if (ctx().kind !== "postgres") return;
    const id = await createOpportunity(ctx().db, viewer(), { title: "死锁", amountFen: 100, customerId, pipelineId }, T0);
    const events = async () => (await ctx().db.selectFrom("stage_events").select("id").where("opportunity_id", "=", id).execute()).length;
    const before = await events();
    const other = new pg.Client({ connectionString: ctx().location });
    await other.connect();
    try {
      // another writer holds the customer's deal facts row, which the move updates after it has locked the opportunity's
      await other.query("begin");
      // its own deadlock check comes long after the move's (1 s), so the move is the victim PostgreSQL picks
      await other.query("set local deadlock_timeout = '20s'");
      await other.query("update customer_deal_facts set open_count = open_count where customer_id = $1", [customerId]);
      const moving = move(id, stages[1], "advance", T0 + HOUR);
      // the move's connection waiting for a lock (found by its wait: pg_stat_activity may still show its previous statement)
      for (let i = 0; i < 200; i++) {
        const w = await other.query(
          "select 1 from pg_stat_activity where wait_event_type = 'Lock' and pid <> pg_backend_pid() and datname = current_database()",
        );
        if (w.rowCount) break;
        await new Promise((r) => setTimeout(r, 25));
      }
      // …and now waits for the opportunity's row: a cycle. PostgreSQL breaks it after deadlock_timeout by failing the
      // move, which waited first; had the move not been sent again, it would answer with error 40P01.
      await other.query("update opportunities set title = title where id = $1", [id]);
      await other.query("commit");
      const r = await moving;
      expect(r?.stage_id).toBe(stages[1]);
      expect(await events()).toBe(before + 1);
      expect((await row(id)).version).toBe(2);
    } finally {
      await other.end();
    }
  }, 30_000);

  test("a stale version writes nothing: no row change, event, visit or audit row", async () => {
    const id = await createOpportunity(ctx().db, viewer(), { title: "二", amountFen: 100, customerId, pipelineId }, T0);
    await move(id, stages[1], "advance", T0 + HOUR);
    const count = async (table: "stage_events" | "audit_log" | "stage_visits") =>
      Number(
        (
          await ctx()
            .db.selectFrom(table)
            .select((eb) => eb.fn.countAll().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = { row: await row(id), events: await count("stage_events"), audits: await count("audit_log"), visits: await visitsNow() };
    expect(await move(id, stages[0], "back", T0 + 2 * HOUR, 1)).toBeNull();
    expect({ row: await row(id), events: await count("stage_events"), audits: await count("audit_log"), visits: await visitsNow() }).toEqual(before);
  });

  test("visits equal the rebuild after stays, same-instant moves and a move stamped before the last event", async () => {
    const id = await createOpportunity(ctx().db, viewer(), { title: "三", amountFen: 100, customerId, pipelineId }, T0);
    await move(id, stages[0], "stay", T0 + HOUR);
    await move(id, stages[1], "advance", T0 + HOUR); // same instant as the stay
    await move(id, stages[2], "advance", T0 + 5 * HOUR);
    await move(id, stages[1], "back", T0 + 3 * HOUR); // the clock stepped back: this visit sorts before the last one
    await move(id, stages[1], "stay", T0 + 6 * HOUR);
    await move(id, stages[2], "advance", T0 + 2 * HOUR);
    expect(await visitsNow()).toEqual(await visitsRebuilt());
    const mine = (await visitsNow()).filter((v) => Number(v.opportunity_id) === id);
    // entered by create, advance (+1 h), back (+3 h), advance (+5 h), advance (+2 h): five visits, ordered by time
    expect(mine.map((v) => [v.enter_kind, v.entered_at, v.left_at])).toEqual([
      ["create", T0, T0 + HOUR],
      ["advance", T0 + HOUR, T0 + 2 * HOUR],
      ["advance", T0 + 5 * HOUR, null],
      ["back", T0 + 3 * HOUR, T0 + 5 * HOUR],
      ["advance", T0 + 2 * HOUR, T0 + 3 * HOUR],
    ]);
  });
});
class Rollback extends Error {}
