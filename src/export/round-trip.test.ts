import { Readable } from "node:stream";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createTestDb, type TestDb } from "../db/testing";
import { forEachApp, type Person, seedPeople, type TestApp } from "../http/testing";
import { runImport } from "../import/engine";
import { CUSTOMERS_CSV, importCsv, OPPORTUNITIES_CSV, snapshot } from "../import/fixtures";
import { IMPORT_KINDS, type ImportKind } from "../import/kinds";
import { readCsv } from "../import/read-csv";
import { readXlsx } from "../import/read-xlsx";
import { installDefaults } from "../pipelines/install";
import { exportPages } from "./queries";

async function download(t: TestApp, who: Person, url: string) {
  const res = await t.app.inject({ method: "GET", url, headers: { authorization: `Bearer ${t.tokens[who]}` } });
  return { status: res.statusCode, headers: res.headers, raw: res.rawPayload, text: res.body };
}

const HISTORY_CSV = [
  "opportunity_external_id,from_stage,to_stage,at,actor_email,kind,reason",
  "O1,lead,qualified,2026-03-10T10:00,rep@test.jindou,,",
  "O1,qualified,quote,2026-04-02T10:00,rep@test.jindou,,",
  "O1,quote,qualified,2026-04-20T10:00,manager@test.jindou,back,价格需重新评估",
  "O1,qualified,quote,2026-05-05T10:00:30.5+08:00,rep@test.jindou,advance,",
].join("\n");

forEachApp("export", (t) => {
  let fresh: TestDb & { drop(): Promise<void> };
  beforeAll(async () => {
    const { db, ids, clock } = t();
    await installDefaults(db, clock.now);
    const ok = async (kind: ImportKind, csv: string) => expect((await importCsv(db, kind, csv, ids.admin)).errors).toEqual([]);
    await ok("customers", CUSTOMERS_CSV);
    // A customer typed into the app has no external id: the export gives it one the import understands.
    await db
      .insertInto("customers")
      .values({ name: "无编号客户", name_norm: "无编号客户", owner_id: ids.rep, tags: "[]", created_at: clock.now, updated_at: clock.now })
      .execute();
    const noExt = (await db.selectFrom("customers").select("id").where("external_id", "is", null).executeTakeFirstOrThrow()).id;
    await ok(
      "contacts",
      `external_id,customer_external_id,name,title,decision_role,phone,email\nP1,C001,张三,采购经理,procurement,13800000000,zs@example.cn\nP2,jindou:customers:${noExt},"李, 四",总经理,决策者,,`,
    );
    await ok("opportunities", OPPORTUNITIES_CSV);
    await ok("stage-history", HISTORY_CSV);
    await ok(
      "activities",
      'external_id,kind,customer_external_id,contact_external_id,opportunity_external_id,owner_email,subject,planned_at,done_at,outcome,next_follow_up_at\nA1,拜访,C001,P1,O1,rep@test.jindou,"初访\n需求",2026-06-01T10:00,2026-06-01T11:30,顺利,2026-06-20T09:00\nA2,call,C002,,,,回访,,,,',
    );
    await ok(
      "orders",
      "external_id,customer_external_id,ordered_at,amount,cost,units,product\nD1,C001,2026-02-20,5万,3.2万,5,A型机\nD2,C003,2026-05-01T08:00,¥1,200.50,,1,",
    );
    await ok("targets", "period,scope,user,amount,units\n2026-Q3,company,,1200万,\n2026-07,user,rep@test.jindou,80万,6");
    await ok(
      "quotes",
      "number,opportunity_external_id,product,units,unit_price,line_discount_pct,discount_pct,status\nBJ-1,O1,A型机,2,15000,5%,,accepted\nBJ-1,O1,安装,1,2000.5,,,accepted\nBJ-2,O2,B型机,1,8000,,12%,approved",
    );
    await ok(
      "contracts",
      "number,customer_external_id,opportunity_external_id,signed_date,amount,due_date,instalment_amount\nHT-1,C001,O1,2026-05-10,30000,2026-05-20,10000\nHT-1,C001,O1,2026-05-10,30000,2026-07-20,20000\nHT-2,C003,,2026-04-01,5000,,",
    );
    await ok("payments", "external_id,contract_number,received_date,amount,note\nHK-1,HT-1,2026-05-18,10000,首付款\n,HT-2,2026-04-02,5000,");
    await ok("products", "code,name,category,unit,list_price,cost,active\nRT-ERP,往返ERP,软件,套,12000,4000,1\nRT-SVC,往返服务,,人天,2000.5,,0");
    await ok("opportunity-lines", "opportunity_external_id,product,units,unit_price,discount_pct\nO2,RT-ERP,2,,5%\nO2,往返ERP,1,11000,");
    fresh = await createTestDb(t().kind);
    await seedPeople(fresh.db, clock.now);
    await installDefaults(fresh.db, clock.now);
  }, 60_000);
  afterAll(async () => {
    await fresh?.drop();
  });

  test("CSV: UTF-8 with BOM, canonical header, attachment name", async () => {
    const r = await download(t(), "admin", "/api/v1/export/customers?format=csv");
    expect(r.status).toBe(200);
    expect(r.headers["content-type"]).toMatch(/text\/csv/);
    expect(r.headers["content-disposition"]).toBe('attachment; filename="jindou-customers-2026-06-15.csv"');
    expect([...r.raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(r.text.slice(1).split("\r\n")[0]).toBe(
      "external_id,name,credit_code,industry,region,size_band,channel,owner_email,credit_rating,prospect_rating,lifecycle_stage,priority,tags,notes,created_at",
    );
  });

  test("a rep exports only what they can see; filters narrow it", async () => {
    const rep = (await download(t(), "rep", "/api/v1/export/customers")).text.trim().split("\r\n");
    expect(rep.slice(1).map((l) => l.split(",")[0])).toEqual(["C001", expect.stringMatching(/^jindou:customers:\d+$/)]);
    const mgr = (await download(t(), "manager", "/api/v1/export/opportunities?status=open")).text.trim().split("\r\n");
    expect(mgr.slice(1).map((l) => l.split(",")[0])).toEqual(["O1", "O2"]);
    const other = (await download(t(), "otherRep", "/api/v1/export/orders")).text.trim().split("\r\n");
    expect(other.slice(1).map((l) => l.split(",")[0])).toEqual(["D2"]);
  });

  test("export → import into a fresh database → the same rows, for every kind", async () => {
    for (const kind of IMPORT_KINDS) {
      const before = (await download(t(), "admin", `/api/v1/export/${kind}`)).text;
      const report = await runImport(fresh.db, readCsv(Readable.from([Buffer.from(before)])), {
        kind,
        tz: "Asia/Shanghai",
        now: t().clock.now,
        actor: { id: t().ids.admin, role: "admin", teamId: null },
      });
      expect(report.errors, kind).toEqual([]);
      expect(report.processed, kind).toBeGreaterThan(0);
    }
    for (const kind of IMPORT_KINDS) {
      const a: unknown[] = [];
      const b: unknown[] = [];
      const viewer = { id: t().ids.admin, role: "admin" as const, teamId: null, name: "admin", email: "admin@test.jindou", locale: "zh-CN" };
      for await (const p of exportPages(t().db, viewer, kind, {}, "Asia/Shanghai")) a.push(...p);
      for await (const p of exportPages(fresh.db, viewer, kind, {}, "Asia/Shanghai")) b.push(...p);
      expect(b, kind).toEqual(a);
    }
    const o1 = await fresh.db.selectFrom("opportunities").select(["stage_entered_at"]).where("external_id", "=", "O1").executeTakeFirstOrThrow();
    expect(o1.stage_entered_at).toBe(Date.parse("2026-05-05T02:00:30.500Z"));
  });

  test("XLSX export reads back with numbers as numbers, and re-importing it changes nothing", async () => {
    const r = await download(t(), "admin", "/api/v1/export/opportunities?format=xlsx");
    expect(r.headers["content-type"]).toMatch(/spreadsheetml/);
    const rows = [];
    for await (const row of readXlsx(Readable.from([r.raw]))) rows.push(row);
    expect(rows[0].cells.slice(0, 3)).toEqual(["external_id", "title", "customer_external_id"]);
    expect(rows[1].cells[6]).toBe(30000);
    const before = await snapshot(t().db);
    const report = await runImport(t().db, readXlsx(Readable.from([r.raw])), {
      kind: "opportunities",
      tz: "Asia/Shanghai",
      now: t().clock.now,
      actor: { id: t().ids.admin, role: "admin", teamId: null },
    });
    expect(report).toMatchObject({ inserted: 0, updated: 0, unchanged: 4, errorCount: 0 });
    expect(await snapshot(t().db)).toEqual(before);
  });

  test("re-importing an export into the same database changes nothing, including records without an external id", async () => {
    const before = await snapshot(t().db);
    for (const kind of IMPORT_KINDS) {
      const text = (await download(t(), "admin", `/api/v1/export/${kind}`)).text;
      const report = await runImport(t().db, readCsv(Readable.from([Buffer.from(text)])), {
        kind,
        tz: "Asia/Shanghai",
        now: t().clock.now,
        actor: { id: t().ids.admin, role: "admin", teamId: null },
      });
      expect(report, kind).toMatchObject({ inserted: 0, updated: 0, errorCount: 0 });
    }
    expect(await snapshot(t().db)).toEqual(before);
  });
});
