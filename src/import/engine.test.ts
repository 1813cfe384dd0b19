import { expect, test } from "vitest";
import { forEachDatabase } from "../db/testing";
import { CUSTOMERS_CSV, importCsv, OPPORTUNITIES_CSV, seedImportDb, snapshot } from "./fixtures";

forEachDatabase("import engine", (h) => {
  let ids: Awaited<ReturnType<typeof seedImportDb>>;
  const db = () => h().db;

  test("customers import: aliases, owners, tags; duplicates of a normalised name are warnings", async () => {
    ids = await seedImportDb(db());
    const r = await importCsv(db(), "customers", CUSTOMERS_CSV + "\nC004,上海 金豆科技（有限公司）,,,,,,", ids.admin);
    expect(r.errors).toEqual([]);
    expect(r).toMatchObject({ status: "done", processed: 4, inserted: 4, updated: 0, unchanged: 0 });
    expect(r.warnings).toEqual([{ row: 5, column: "name", reason: expect.stringMatching(/possible duplicate of row 2/) }]);
    const c1 = await db().selectFrom("customers").selectAll().where("external_id", "=", "C001").executeTakeFirstOrThrow();
    expect(c1).toMatchObject({ owner_id: ids.rep, priority: "high", tags: JSON.stringify(["大客户", "华东"]), credit_code: "91350100M000100Y43", version: 1 });
    const c4 = await db().selectFrom("customers").select(["owner_id"]).where("external_id", "=", "C004").executeTakeFirstOrThrow();
    expect(c4.owner_id).toBe(ids.admin);
  });

  test("re-importing the same file changes nothing: 0 inserted, 0 updated, N unchanged", async () => {
    const before = await snapshot(db());
    const r = await importCsv(db(), "customers", CUSTOMERS_CSV, ids.admin);
    expect(r).toMatchObject({ status: "done", inserted: 0, updated: 0, unchanged: 3 });
    expect(await snapshot(db())).toEqual(before);
  });

  test("a changed row is updated with version + 1 and an audit entry", async () => {
    const r = await importCsv(db(), "customers", CUSTOMERS_CSV.replace("制造,华东", "机械,华东"), ids.admin);
    expect(r).toMatchObject({ inserted: 0, updated: 1, unchanged: 2 });
    const c1 = await db().selectFrom("customers").selectAll().where("external_id", "=", "C001").executeTakeFirstOrThrow();
    expect(c1).toMatchObject({ industry: "机械", version: 2 });
    const a = await db()
      .selectFrom("audit_log")
      .selectAll()
      .where("entity", "=", "customer")
      .where("entity_id", "=", c1.id)
      .where("action", "=", "import_update")
      .executeTakeFirstOrThrow();
    expect(JSON.parse(a.diff)).toMatchObject({ industry: ["制造", "机械"] });
  });

  test("a credit code of another customer is an error; a second use in the file too", async () => {
    const before = await snapshot(db());
    const r = await importCsv(
      db(),
      "customers",
      "external_id,name,credit_code\nC100,某公司,91350100M000100Y43\nC101,另一家,91110000600037341L\nC102,第三家,91110000600037341L",
      ids.admin,
    );
    expect(r.status).toBe("failed");
    expect(r.errors).toEqual([
      { row: 2, column: "credit_code", reason: expect.stringMatching(/belongs to customer .*C001/) },
      { row: 4, column: "credit_code", reason: "duplicate credit code: also on row 3 (C101)" },
    ]);
    expect(await snapshot(db())).toEqual(before);
  });

  test.each([
    ["missing required column", "opportunities", "external_id,title,customer_external_id,amount\nO9,x,C001,1", { row: 1, column: "stage" }],
    [
      "bad date",
      "opportunities",
      "external_id,title,customer_external_id,stage,expected_close_date\nO9,x,C001,lead,2026-02-30",
      { row: 2, column: "expected_close_date" },
    ],
    ["bad amount", "opportunities", "external_id,title,customer_external_id,stage,amount\nO9,x,C001,lead,三万块", { row: 2, column: "amount" }],
    ["unknown stage", "opportunities", "external_id,title,customer_external_id,stage\nO9,x,C001,lead\nO10,y,C001,谈恋爱", { row: 3, column: "stage" }],
    [
      "unknown owner",
      "opportunities",
      "external_id,title,customer_external_id,stage,owner_email\nO9,x,C001,lead,nobody@test.jindou",
      { row: 2, column: "owner_email" },
    ],
    ["duplicate key", "opportunities", "external_id,title,customer_external_id,stage\nO9,x,C001,lead\nO9,y,C001,lead", { row: 3, column: "external_id" }],
    ["unknown customer", "contacts", "external_id,customer_external_id,name\nP1,C999,张三", { row: 2, column: "customer_external_id" }],
  ] as const)("%s: reported as row, column, reason and nothing is written", async (_name, kind, csv, where) => {
    const before = await snapshot(db());
    const r = await importCsv(db(), kind, csv, ids.admin);
    expect(r.status).toBe("failed");
    // Opportunities here have no created_at: that is reported too (every problem of a row is), so look for the one named.
    const hit = r.errors.find((e) => e.row === where.row && e.column === where.column);
    expect(hit?.reason.length).toBeGreaterThan(5);
    expect(await snapshot(db())).toEqual(before);
  });

  test("opportunities get the minimal event path and stage_entered_at", async () => {
    const r = await importCsv(db(), "opportunities", OPPORTUNITIES_CSV, ids.admin);
    expect(r.errors).toEqual([]);
    expect(r).toMatchObject({ inserted: 4, status: "done" });
    const rows = await db()
      .selectFrom("opportunities as o")
      .innerJoin("stages as s", "s.id", "o.stage_id")
      .select([
        "o.id",
        "o.external_id",
        "s.key",
        "o.status",
        "o.amount_fen",
        "o.stage_entered_at",
        "o.created_at",
        "o.closed_at",
        "o.lost_reason",
        "o.expected_close_date",
      ])
      .orderBy("o.external_id")
      .execute();
    expect(rows.map((o) => [o.external_id, o.key, o.status, o.amount_fen, o.lost_reason])).toEqual([
      ["O1", "quote", "open", 3_000_000, null],
      ["O2", "lead", "open", 12_000_000, null],
      ["O3", "won", "won", 5_000_000, null],
      ["O4", "lost", "lost", 1_000_000, "price"],
    ]);
    expect(rows[1].expected_close_date).toBe("2026-08-15");
    const events = async (id: number) =>
      (
        await db()
          .selectFrom("stage_events as e")
          .innerJoin("stages as s", "s.id", "e.to_stage_id")
          .select(["e.kind", "s.key", "e.at"])
          .where("e.opportunity_id", "=", id)
          .orderBy("e.at")
          .orderBy("e.id")
          .execute()
      ).map((e) => `${e.kind}:${e.key}`);
    expect(await events(rows[0].id)).toEqual(["create:lead", "advance:qualified", "advance:quote"]);
    expect(await events(rows[2].id)).toEqual(["create:lead", "advance:qualified", "advance:quote", "advance:agreement", "won:won"]);
    expect(await events(rows[3].id)).toEqual(["create:lead", "advance:qualified", "lost:lost"]);
    expect(rows[0].stage_entered_at).toBe(Date.parse("2026-03-01T01:00:00Z"));
    expect(rows[2].stage_entered_at).toBe(rows[2].closed_at);
  });

  test("stage history replaces the synthesised path and moves stage_entered_at; a second run changes nothing", async () => {
    const csv = [
      "opportunity_external_id,from_stage,to_stage,at,actor_email,kind,reason",
      "O1,lead,qualified,2026-03-10T10:00,rep@test.jindou,,",
      "O1,qualified,quote,2026-04-02T10:00,rep@test.jindou,,",
      "O1,quote,qualified,2026-04-20T10:00,rep@test.jindou,back,价格需重新评估",
      "O1,,quote,2026-05-05T10:00,rep@test.jindou,advance,",
    ].join("\n");
    const r = await importCsv(db(), "stage-history", csv, ids.admin);
    expect(r.errors).toEqual([]);
    expect(r).toMatchObject({ inserted: 4, unchanged: 0 });
    const o1 = await db().selectFrom("opportunities").selectAll().where("external_id", "=", "O1").executeTakeFirstOrThrow();
    expect(o1.stage_entered_at).toBe(Date.parse("2026-05-05T02:00:00Z"));
    const kinds = await db().selectFrom("stage_events").select("kind").where("opportunity_id", "=", o1.id).orderBy("at").execute();
    expect(kinds.map((k) => k.kind)).toEqual(["create", "advance", "advance", "back", "advance"]);
    const before = await snapshot(db());
    expect(await importCsv(db(), "stage-history", csv, ids.admin)).toMatchObject({ inserted: 0, updated: 0, unchanged: 4 });
    expect(await snapshot(db())).toEqual(before);
  });

  test("a history that breaks the chain or ends elsewhere is refused", async () => {
    const before = await snapshot(db());
    const r = await importCsv(
      db(),
      "stage-history",
      "opportunity_external_id,from_stage,to_stage,at\nO2,qualified,quote,2026-05-01\nO1,lead,qualified,2026-03-10",
      ids.admin,
    );
    expect(r.errors).toEqual([
      { row: 2, column: "from_stage", reason: expect.stringMatching(/does not follow/) },
      { row: 3, column: "to_stage", reason: expect.stringMatching(/ends in qualified/) },
    ]);
    expect(await snapshot(db())).toEqual(before);
  });

  test("dry run validates and counts but writes nothing", async () => {
    const before = await snapshot(db());
    const r = await importCsv(db(), "contacts", "客户编号,联系人编号,姓名,职务,决策角色\nC001,P1,张三,采购经理,采购\nC002,P2,李四,总经理,决策者", ids.admin, {
      dryRun: true,
    });
    expect(r).toMatchObject({ status: "dry_run", inserted: 2 });
    expect(await snapshot(db())).toEqual(before);
  });

  test("with --batch-size, good batches commit and the bad one writes nothing", async () => {
    const csv =
      "external_id,kind,customer_external_id,subject,planned_at\nA1,拜访,C001,初访,2026-06-01T10:00\nA2,电话,C001,回访,2026-06-02\nA3,visit,C999,x,2026-06-03\nA4,meeting,C002,y,2026-06-04";
    const r = await importCsv(db(), "activities", csv, ids.admin, { batchSize: 2 });
    expect(r).toMatchObject({ status: "failed", inserted: 2, batches: { committed: 1, failed: 1 } });
    expect(r.errors).toEqual([
      { row: 4, column: "customer_external_id", reason: "unknown customer: C999 (import customers first, or use --create-customers)" },
    ]);
    const a = await db().selectFrom("activities").select(["external_id", "owner_id", "planned_at"]).orderBy("external_id").execute();
    expect(a.map((x) => x.external_id)).toEqual(["A1", "A2"]);
    expect(a[0]).toMatchObject({ owner_id: ids.rep, planned_at: Date.parse("2026-06-01T02:00:00Z") });
  });

  test("a rep may only import records they own", async () => {
    const before = await snapshot(db());
    const r = await importCsv(
      db(),
      "customers",
      "external_id,name,owner_email\nC200,新客户,rep2@test.jindou\nC003,深圳南方电子有限公司,rep@test.jindou",
      ids.rep,
      { actor: { id: ids.rep, role: "rep", teamId: ids.teamA } },
    );
    expect(r.errors.map((e) => [e.row, e.column])).toEqual([
      [2, "owner_email"],
      [3, "external_id"],
    ]);
    expect(await snapshot(db())).toEqual(before);
  });

  test("orders in the CDNOW sample format, mapped by column number, creating the customers", async () => {
    const cdnow = " 00004 0001 19970101  2   29.33\n 00004 0001 19970118  2   29.73\n 00021 0002 19970101  3   63.34\n 00021 0002 19970101  3   63.34\n";
    const { Readable } = await import("node:stream");
    const { readCsv } = await import("./read-csv");
    const { runImport } = await import("./engine");
    const run = () =>
      runImport(db(), readCsv(Readable.from([cdnow]), { delimiter: "whitespace" }), {
        kind: "orders",
        tz: "Asia/Shanghai",
        now: Date.now(),
        actor: { id: ids.admin, role: "admin", teamId: null },
        header: false,
        map: { "1": "customer_external_id", "2": "-", "3": "ordered_at", "4": "units", "5": "amount" },
        createCustomers: true,
      });
    const r = await run();
    expect(r.errors).toEqual([]);
    expect(r).toMatchObject({ inserted: 4, processed: 4 });
    const o = await db()
      .selectFrom("orders as o")
      .innerJoin("customers as c", "c.id", "o.customer_id")
      .select(["c.external_id", "o.amount_fen", "o.units", "o.ordered_at"])
      .orderBy("o.id")
      .execute();
    expect(o[0]).toEqual({ external_id: "00004", amount_fen: 2933, units: 2, ordered_at: Date.parse("1996-12-31T16:00:00Z") });
    expect(await run()).toMatchObject({ inserted: 0, unchanged: 4 });
  });
});
