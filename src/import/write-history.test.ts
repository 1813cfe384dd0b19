import { expect, test } from "vitest";
import { forEachDatabase } from "../db/testing";
import type { Viewer } from "../access/viewer";
import { transition } from "../opportunities/transition";
import { insertOpenOpportunity } from "../opportunities/test-rows-store";
import { CUSTOMERS_CSV, importCsv, NOW, OPPORTUNITIES_CSV, seedImportDb, snapshot, TZ } from "./fixtures";

// Issue 11: a stage-history import appends imported events and never deletes live ones (override, stay, back).
forEachDatabase("stage-history import keeps live events", (h) => {
  let ids: Awaited<ReturnType<typeof seedImportDb>>;
  const db = () => h().db;
  const HOUR = 3_600_000;
  const events = async (oppId: number) =>
    db()
      .selectFrom("stage_events")
      .select(["kind", "from_stage_id", "to_stage_id", "override", "imported", "reason", "at"])
      .where("opportunity_id", "=", oppId)
      .orderBy("at")
      .orderBy("id")
      .execute();

  test("live stay, back and override-advance survive a history import; the file's moves are added before them as imported", async () => {
    ids = await seedImportDb(db());
    expect((await importCsv(db(), "customers", CUSTOMERS_CSV, ids.admin)).errors).toEqual([]);
    expect((await importCsv(db(), "opportunities", OPPORTUNITIES_CSV, ids.admin)).errors).toEqual([]);
    const o1 = await db().selectFrom("opportunities").selectAll().where("external_id", "=", "O1").executeTakeFirstOrThrow();
    const stage = async (key: string) =>
      (await db().selectFrom("stages").select("id").where("pipeline_id", "=", o1.pipeline_id).where("key", "=", key).executeTakeFirstOrThrow()).id;
    const [qualified, quote] = [await stage("qualified"), await stage("quote")];
    const admin: Viewer = { id: ids.admin, role: "admin", teamId: null, name: "admin", email: "admin@test.jindou", locale: "zh-CN" };
    // three moves made in Jindou after the import: stay, back, advance past an incomplete (warn) checklist
    let o = await transition(db(), admin, o1.id, o1.version, { action: "stay", reason: "等待客户内部审批" }, NOW, TZ);
    o = await transition(db(), admin, o1.id, o.version, { action: "back", toStageId: qualified, reason: "价格需重新评估" }, NOW + HOUR, TZ);
    o = await transition(db(), admin, o1.id, o.version, { action: "advance", override: true, reason: "客户口头确认" }, NOW + 2 * HOUR, TZ);
    expect(o.stageId).toBe(quote);
    const live = (await events(o1.id)).filter((e) => e.imported === 0);
    expect(live.map((e) => [e.kind, e.override])).toEqual([
      ["stay", 0],
      ["back", 0],
      ["advance", 1],
    ]);

    const csv = [
      "opportunity_external_id,from_stage,to_stage,at,actor_email,kind,reason",
      "O1,lead,qualified,2026-03-10T10:00,rep@test.jindou,,",
      "O1,qualified,quote,2026-04-02T10:00,rep@test.jindou,,",
    ].join("\n");
    const r = await importCsv(db(), "stage-history", csv, ids.admin);
    expect(r.errors).toEqual([]);
    const after = await events(o1.id);
    expect(after.map((e) => [e.kind, e.imported])).toEqual([
      ["create", 1],
      ["advance", 1],
      ["advance", 1],
      ["stay", 0],
      ["back", 0],
      ["advance", 0],
    ]);
    expect(after.filter((e) => e.imported === 0)).toEqual(live);
    expect(after[1].at).toBe(Date.parse("2026-03-10T02:00:00Z"));
    const o1After = await db().selectFrom("opportunities").selectAll().where("id", "=", o1.id).executeTakeFirstOrThrow();
    // the live advance decides when the opportunity entered its stage
    expect(o1After.stage_entered_at).toBe(NOW + 2 * HOUR);
    expect(o1After.stage_id).toBe(quote);
    // a second run of the same file changes nothing
    const snap = await snapshot(db());
    expect(await importCsv(db(), "stage-history", csv, ids.admin)).toMatchObject({ inserted: 0, unchanged: 2 });
    expect(await snapshot(db())).toEqual(snap);
  });

  test("imported rows after the first live move, or ending elsewhere, are refused and change nothing", async () => {
    const o1 = await db().selectFrom("opportunities").select("id").where("external_id", "=", "O1").executeTakeFirstOrThrow();
    const snap = await snapshot(db());
    const late = await importCsv(
      db(),
      "stage-history",
      "opportunity_external_id,from_stage,to_stage,at\nO1,lead,qualified,2026-03-10\nO1,qualified,quote,2026-06-20",
      ids.admin,
    );
    expect(late.errors).toEqual([expect.objectContaining({ row: 3, column: "at", reason: expect.stringMatching(/live stay/) })]);
    const short = await importCsv(db(), "stage-history", "opportunity_external_id,from_stage,to_stage,at\nO1,lead,qualified,2026-03-10", ids.admin);
    expect(short.errors).toEqual([expect.objectContaining({ row: 2, column: "to_stage" })]);
    expect(await snapshot(db())).toEqual(snap);
    expect((await events(o1.id)).filter((e) => e.imported === 0).map((e) => e.kind)).toEqual(["stay", "back", "advance"]);
  });

  test("an opportunity created in Jindou keeps its live create; imported rows go between it and the first live move", async () => {
    const c = await db().selectFrom("customers").select("id").where("external_id", "=", "C001").executeTakeFirstOrThrow();
    const p = await db().selectFrom("pipelines").select("id").where("key", "=", "crm5").executeTakeFirstOrThrow();
    const lead = (await db().selectFrom("stages").select("id").where("pipeline_id", "=", p.id).where("key", "=", "lead").executeTakeFirstOrThrow()).id;
    const created = NOW - 10 * 24 * HOUR;
    const id = await insertOpenOpportunity(db(), {
      externalId: "L1",
      pipelineId: p.id,
      stageId: lead,
      customerId: c.id,
      ownerId: ids.rep,
      title: "现场创建",
      amountFen: 100,
      units: 0,
      at: created,
    });
    await db()
      .insertInto("stage_events")
      .values({ opportunity_id: id, from_stage_id: null, to_stage_id: lead, kind: "create", reason: null, override: 0, actor_id: ids.rep, at: created })
      .execute();
    const r = await importCsv(
      db(),
      "stage-history",
      "opportunity_external_id,from_stage,to_stage,at,kind,reason\nL1,lead,lead,2026-06-10,stay,客户出差",
      ids.admin,
    );
    expect(r.errors).toEqual([]);
    expect((await events(id)).map((e) => [e.kind, e.imported])).toEqual([
      ["create", 0],
      ["stay", 1],
    ]);
  });
});
